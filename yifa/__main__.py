import sys

from yifa.cli import main

main(["yifa", *sys.argv[1:]])
