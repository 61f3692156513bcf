"""Pure contest rules (drawing, option shuffling, scoring, timing): no Flask, no database."""
