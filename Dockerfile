# One image, two targets: `docker build --target gateway .` / `--target processor .`
# (the last stage, gateway, is the default). Cloud Run sets PORT; the CMD reads it.
FROM python:3.13-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WAYRA_DATA_DIR=/tmp/wayra-data
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install . \
    && useradd --create-home --uid 10001 wayra
USER wayra

FROM base AS processor
ENV PORT=8081
EXPOSE 8081
CMD ["wayra-ai", "processor"]

FROM base AS gateway
ENV PORT=8080
EXPOSE 8080
CMD ["wayra-ai", "gateway"]
