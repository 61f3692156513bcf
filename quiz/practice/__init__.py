"""Practice by scam type, 每日一练 and the mistake book (错题本)."""
