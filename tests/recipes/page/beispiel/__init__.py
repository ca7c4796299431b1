"""Rezept 3 (docs/where-things-go.md), einmal nachgegangen: eine Seite ist ein Ordner. tests/pages/test_recipe_page.py
kopiert diesen Ordner neben die Seiten des Projekts (in eine Kopie des Projekts) und prüft, dass er allein genügt."""
