"""`python -m chatbot …`: the same command line as `chatbot …` (cli.py)."""
from .cli import main

main(prog_name="chatbot")
