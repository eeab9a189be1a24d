"""Singer tap for Marketo Opportunities and Opportunity Roles (Marketo REST API)."""
