/* placeholder */
#include "cmd.h"
int cmd_worker(int argc, char **argv) { (void)argc; (void)argv; return CLI_USAGE; }
