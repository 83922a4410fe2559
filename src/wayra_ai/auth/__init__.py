"""Who is calling: Firebase ID tokens for travellers, service tokens between our services."""
