"""``python -m grader.formats summary results.json``: Markdown for a CI job summary."""
import sys

from grader.formats.ci import main

sys.exit(main())
