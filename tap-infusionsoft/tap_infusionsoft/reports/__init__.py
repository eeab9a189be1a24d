"""The XML-RPC reports of Domo's Infusionsoft connector, each configured instance a stream."""
