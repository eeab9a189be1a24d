"""tap-haihai-mail: 配配メール (Haihai Mail) retrieval APIs as Singer streams."""
