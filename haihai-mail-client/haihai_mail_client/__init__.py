"""haihai-mail-client: the 配配メール connection, errors, API table and settings of both plugins."""
