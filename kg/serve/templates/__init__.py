"""The query page of ``kg serve``."""
