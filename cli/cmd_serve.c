/* cli/cmd_serve.c - `sitrep serve`: the store's HTTP API and map page
 * (src/serve/, include/sitrep/serve.h) until SIGINT or SIGTERM. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "cli_pg.h"
#include "cli_store.h"
#include "cmd.h"
#include "sitrep/serve.h"

static const char *const HELP =
    "usage: sitrep serve (--db FILE | --pg DSN) [--bind ADDR] [--port N] [--threads N]\n"
    "                    [--write-token FILE] [--cors ORIGIN] [--timeout MS] [--log]\n"
    "\n"
    "Serve a store (see `sitrep ingest`) over HTTP: a JSON/GeoJSON API and a map page\n"
    "with the events, who holds what, and movements on a timeline. Open\n"
    "http://127.0.0.1:8080/ in a browser. Runs until interrupted (Ctrl-C).\n"
    "\n"
    "Options:\n"
    "  --db FILE          the store (required, unless --pg)\n"
    "  --pg DSN           serve the PostgreSQL store instead: what its merger merged,\n"
    "                     folded into a local replica at start and followed every second\n"
    "                     (read-only: documents go in through the queue and the workers)\n"
    "  --bind ADDR        address to listen on: IPv4, IPv6 or localhost (default\n"
    "                     127.0.0.1: this machine only, and requests must name it in\n"
    "                     their Host header; 0.0.0.0 exposes the server to the network)\n"
    "  --port N           port (default 8080; 0 = any free port, printed at start)\n"
    "  --threads N        event-loop threads, 1..256 (default 8); each holds its own\n"
    "                     read-only connection to the store. Connections cost no thread:\n"
    "                     thousands of idle or slow clients do not hold up the others\n"
    "  --write-token FILE enable POST /api/documents for clients sending\n"
    "                     'Authorization: Bearer TOKEN', TOKEN being the first line of\n"
    "                     FILE (at least 16 bytes). Without it the server is read-only.\n"
    "  --cors ORIGIN      send Access-Control-Allow-Origin: ORIGIN and answer preflights\n"
    "                     (OPTIONS) from that origin only (default: no CORS at all)\n"
    "  --timeout MS       a request (headers and body) must arrive, and an answer be\n"
    "                     taken, within MS; idle connections close after MS (default 10000)\n"
    "  --log              one line per request on stderr\n"
    "  --lexicon PATH, --gazetteer PATH   images (actor names, /api/places, coding)\n"
    "\n"
    "API (GET; JSON; errors are {\"error\":\"...\"} with status 400/401/403/404/405/408/413/\n"
    "421/503; 503 for a store locked by another process comes with Retry-After):\n"
    "  /api/events[.geojson]  filters as in `sitrep events`: actor, source, target,\n"
    "                         action, country, admin1, near=LAT,LON, km, from, to,\n"
    "                         min_reports, q (text), limit (default 100, max 1000), offset\n"
    "  /api/events/ID         one event with every report's evidence and source link\n"
    "  /api/situation[.geojson]  as_of, country, days, format=json|text\n"
    "  /api/actors            actors with event counts (country, limit)\n"
    "  /api/places?q=NAME     gazetteer candidates\n"
    "  /api/stats             store summary\n"
    "  POST /api/documents    JSON object or JSONL body: code and store (--write-token)\n"
    "  /licenses              licences of the embedded map assets\n"
    "\n"
    "Exit status: 0 after a clean stop, 2 on a bad option or when the store, the\n"
    "lexicon or the port cannot be opened (\"port N is in use\").\n";

/* First line of path, trailing whitespace removed. The file should not be
 * readable by others: a warning says so. */
static int read_token(const char *path, char **out) {
  char *text = NULL;
  size_t len = 0;
  sr_error err;
  sr_error_clear(&err);
  if (sr_read_all(path, 4096, &text, &len, &err)) {
    cli_errorf("serve: --write-token %s: %s", path, err.msg[0] ? err.msg : sr_strerror(err.code));
    return -1;
  }
  text[strcspn(text, "\r\n")] = 0;
  len = strlen(text);
  while (len && (text[len - 1] == ' ' || text[len - 1] == '\t')) text[--len] = 0;
  if (len < SR_SERVE_MIN_TOKEN) {
    cli_errorf("serve: --write-token %s: the token must be at least %d bytes", path,
               SR_SERVE_MIN_TOKEN);
    free(text);
    return -1;
  }
  struct stat st;
  if (stat(path, &st) == 0 && (st.st_mode & 077))
    cli_errorf("serve: warning: %s is readable by other users (chmod 600 it)", path);
  *out = text;
  return 0;
}

int cmd_serve(int argc, char **argv) {
  sr_serve_opts o;
  memset(&o, 0, sizeof o);
  const char *port = NULL, *threads = NULL, *token_file = NULL, *timeout = NULL, *pgdsn = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = NULL;
    int m;
#define OPT(name, dst)                                           \
  else if ((m = cli_opt_value(argc, argv, &i, name, &v)) != 0) { \
    if (m < 0) return CLI_USAGE;                                 \
    dst = v;                                                     \
  }
    if (cli_is_help(a)) {
      fputs(HELP, stdout);
      return CLI_OK;
    }
    OPT("--db", o.db_path)
    OPT("--pg", pgdsn)
    OPT("--bind", o.bind)
    OPT("--port", port)
    OPT("--threads", threads)
    OPT("--write-token", token_file)
    OPT("--cors", o.cors_origin)
    OPT("--timeout", timeout)
    OPT("--lexicon", o.lexicon_path)
    OPT("--gazetteer", o.gazetteer_path)
    else if (strcmp(a, "--log") == 0) o.access_log = 1;
    else {
      return cli_unknown_option(a, HELP);
    }
#undef OPT
  }
  if (!o.db_path == !pgdsn) {
    cli_errorf("serve: --db FILE or --pg DSN is required (one of them)");
    return CLI_USAGE;
  }
  if (pgdsn && token_file) {
    cli_errorf("serve: --write-token does not go with --pg (documents go into the PostgreSQL store "
               "through the queue: sitrep ingest --nats, sitrep worker --pg)");
    return CLI_USAGE;
  }
  long n;
  o.port = SR_SERVE_DEFAULT_PORT;
  if (port) {
    if (cli_parse_long("--port", port, 0, &n)) return CLI_USAGE;
    if (n > 65535) {
      cli_errorf("serve: --port %ld: use 0..65535", n);
      return CLI_USAGE;
    }
    o.port = (int)n;
  }
  if (threads) {
    if (cli_parse_long("--threads", threads, 1, &n)) return CLI_USAGE;
    if (n > SR_SERVE_MAX_THREADS) {
      cli_errorf("serve: --threads %ld: use 1..%d", n, SR_SERVE_MAX_THREADS);
      return CLI_USAGE;
    }
    o.threads = (int)n;
  }
  if (timeout) {
    if (cli_parse_long("--timeout", timeout, 100, &n)) return CLI_USAGE;
    if (n > 600000) {
      cli_errorf("serve: --timeout %ld: use 100..600000 ms", n);
      return CLI_USAGE;
    }
    o.request_timeout_ms = (int)n;
  }
  char *token = NULL;
  if (token_file && read_token(token_file, &token)) return CLI_USAGE;
  o.write_token = token;

  /* SIGINT/SIGTERM are blocked in every thread (the workers inherit the mask)
   * and taken by sigwait below, so a stop always reaches this thread */
  sigset_t stopsigs;
  sigemptyset(&stopsigs);
  sigaddset(&stopsigs, SIGINT);
  sigaddset(&stopsigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopsigs, NULL);
  signal(SIGPIPE, SIG_IGN);
  /* each connection is a descriptor: allow as many as the hard limit does */
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  cli_pg_replica rep;
  memset(&rep, 0, sizeof rep);
  if (pgdsn) { /* after the signal mask: the follower inherits it */
    if (cli_pg_replica_open(&rep, pgdsn, 1) || cli_pg_follow_start(&rep)) {
      cli_pg_replica_close(&rep);
      return CLI_USAGE;
    }
    o.db_path = rep.path;
  }
  sr_server *srv = NULL;
  sr_error err;
  sr_error_clear(&err);
  int rc = sr_serve_start(&srv, &o, &err);
  if (token) {
    memset(token, 0, strlen(token));
    free(token);
  }
  if (rc) {
    fprintf(stderr, "sitrep serve: %s\n", err.msg[0] ? err.msg : sr_strerror(rc));
    cli_pg_replica_close(&rep);
    return CLI_USAGE;
  }
  const char *host = o.bind && *o.bind ? o.bind : "127.0.0.1";
  int v6 = strchr(host, ':') && host[0] != '[';
  fprintf(stderr, "sitrep serve: http://%s%s%s:%d/ (%s, store %s)\n", v6 ? "[" : "", host,
          v6 ? "]" : "", sr_serve_port(srv), token_file ? "writes enabled" : "read-only",
          pgdsn ? sr_pg_name(rep.pg) : o.db_path);
  if (!sr_serve_loopback(srv))
    fprintf(stderr,
            "sitrep serve: warning: listening on %s: the server is reachable from the network.\n"
            "  Anyone who can reach port %d can read the whole store (no TLS, no read\n"
            "  authentication); writes still need the --write-token bearer token. Keep it behind\n"
            "  a firewall or a TLS reverse proxy, or bind to 127.0.0.1.\n",
            host, sr_serve_port(srv));
  fflush(stderr);
  int sig = 0;
  sigwait(&stopsigs, &sig);
  fprintf(stderr, "sitrep serve: stopping\n");
  sr_serve_stop(srv);
  cli_pg_replica_close(&rep);
  return CLI_OK;
}
