import os
import sys

from .cli import main

try:
    code = main()
except SystemExit as exc:                  # argparse's --help and usage errors
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    if not isinstance(exc.code, (int, type(None))):
        print(exc.code, file=sys.stderr)
sys.stdout.flush()
sys.stderr.flush()
# A build leaves millions of objects behind (the corpus, the stages' results):
# freeing them one by one at interpreter exit took 4.5 s at 5,000 documents.
# Every file is closed and every output swapped in by now; nothing is left to do.
os._exit(code)
