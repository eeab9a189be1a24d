"""The streams of tap-haihai-mail: one per 配配メール retrieval API."""
