import sys

from pipeline.run.cli import main

sys.exit(main())
