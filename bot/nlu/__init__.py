"""Natural-language understanding: text normalisation, spelling, the intent matcher and risk detection (pure)."""
