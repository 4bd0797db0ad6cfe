"""Exit statuses of the `depeche` command, the same for every subcommand."""
EXIT_OK = 0            # everything done
EXIT_SOME_FAILED = 1   # some inputs failed (each named on stderr), the others were done
EXIT_USAGE = 2         # wrong arguments
EXIT_ERROR = 3         # nothing could run (settings, model, store)
