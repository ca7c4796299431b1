"""Evaluationspläne: every plan fixed before its measure's start, its status and its result computed as planned."""
