"""Plans on demand: a trip request (structured or in words) in, a checked plan out."""
