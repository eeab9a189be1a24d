"""target-haihai-mail: CSV bulk register, delete and delivery-status changes in 配配メール."""
