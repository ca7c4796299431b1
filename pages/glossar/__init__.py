"""Glossar: every technical term of the Wirkungsmonitor explained in German, English and Leichte Sprache."""
