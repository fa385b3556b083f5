/* sitrep/lexicon.h - the project's dictionaries (data/actors, data/actions,
 * data/lexicon) compiled into one mmap-able image, and the token-trie matcher
 * that finds their entries in tokenized text.
 *
 * Text format (one entry per line, '#' starts a comment):
 *   data/actors/THEATRE.txt   CODE | Name | cameo=X | kind | alias; alias; =CaseSensitive
 *   data/actors/countries.txt  CC | Name | mil=CODE | gov=CODE | names: a; b | adj: a; b | capital: X
 *   data/actors/agents.txt     role | word; word
 *   data/actions/NAME.txt      CODE | pattern | flags       (CODE = CAMEO code or a keyword)
 *   data/lexicon/words.txt     FLAG | word; word
 * Flags: noun, rev, intr, tgtby, weak, sym (always both ways: exchanged fire), pair (both ways
 * for a compound subject: X and Y met), place, tgt=CODE (implied target).
 * Patterns are word sequences; "_" stands for the verb's object ("drive+ _ out":
 * the particle must follow within six words); "w+" expands the regular inflections of a
 * verb (attack, attacks, attacked, attacking; irregular forms come from
 * data/lexicon/irregular.txt), "w++" doubles the final consonant
 * (kidnapped), "a/b" gives alternatives for one position.
 *
 * Image: magic "SRLEX", version, an XXH3-64 checksum, then flat arrays addressed
 * by offsets (see src/lexicon/lex_image.h). Opening verifies the checksum and every
 * offset, count and index, so a damaged image is refused ("FILE: corrupt lexicon
 * image (what is wrong)", SR_EINPUT), never read out of bounds. All pointers
 * returned point into the image and are valid until sr_lex_close.
 */
#ifndef SITREP_LEXICON_H
#define SITREP_LEXICON_H
#include "sitrep/text.h"
#include "sitrep/util.h"

typedef struct sr_lex sr_lex;

/* entry types */
enum { SR_ENT_ACTOR = 1, SR_ENT_AGENT, SR_ENT_COUNTRY, SR_ENT_ADJ, SR_ENT_CAPITAL, SR_ENT_ACTION };

/* actor kinds */
enum {
  SR_KIND_STATE_MIL = 1, SR_KIND_STATE_GOV, SR_KIND_REBEL, SR_KIND_JIHADIST, SR_KIND_MILITIA,
  SR_KIND_SEPARATIST, SR_KIND_INTL, SR_KIND_CIV, SR_KIND_PROTEST, SR_KIND_UNKNOWN, SR_KIND_MEDIA,
  SR_KIND_PERSON
};

/* agent roles */
enum { SR_ROLE_MIL = 1, SR_ROLE_POLICE, SR_ROLE_GOV, SR_ROLE_ARMED, SR_ROLE_CIV, SR_ROLE_PROTEST,
       SR_ROLE_UNKNOWN, SR_ROLE_MEMBER /* commander, members: only with an actor ("IS commander") */ };

/* action pseudo-codes (what a pattern is when it is not an event) */
enum {
  SR_ACT_EVENT = 0, /* a CAMEO event trigger */
  SR_ACT_SAY,       /* attribution: said, reported, according to */
  SR_ACT_DENY,      /* denied, rejected claims */
  SR_ACT_CLAIM,     /* claimed responsibility */
  SR_ACT_LIGHT,     /* launched, carried out: passes its subject to a noun trigger */
  SR_ACT_RECV,      /* repelled, came under, foiled: its subject is the target of a noun trigger */
  SR_ACT_PLAN,      /* preparing for, plans to: the following violent act becomes 15 */
  SR_ACT_MODAL,     /* might, could, would: the following act is hypothetical */
  SR_ACT_NEG,       /* did not, never, failed to */
  SR_ACT_ACCUSE,    /* accused X of, blamed X for */
  SR_ACT_BLOCK,     /* words that end a trigger's reach: "if", "unless" */
  SR_ACT_OCCUR      /* took place, was staged: no act of its own; its subject names the event */
};

/* action flags */
enum {
  SR_AF_NOUN = 1 << 0,  /* nominal trigger: an attack, air strikes */
  SR_AF_REV = 1 << 1,   /* subject is the target; the agent follows (fell to, came under) */
  SR_AF_INTR = 1 << 2,  /* intransitive: no target (withdrew, retreated) */
  SR_AF_PART = 1 << 3,  /* (set by the compiler on the matched form) past participle/past form */
  SR_AF_ING = 1 << 4,   /* (compiler) -ing form */
  SR_AF_TGTBY = 1 << 5, /* target can follow "to" / "with" */
  SR_AF_WEAK = 1 << 6,  /* weak trigger: needs an explicit actor on both sides */
  SR_AF_SYM = 1 << 7,   /* symmetric (exchanged fire): one event each way */
  SR_AF_GAP = 1 << 8,   /* "drive+ _ out": the particle must follow within a few words */
  SR_AF_PLACE = 1 << 9, /* needs a named place right after ("left Deir Ezzor") */
  SR_AF_PAIR = 1 << 10  /* a compound subject acts on each other ("X and Y met / clashed") */
};

/* word flags (function words) */
enum {
  SR_W_BE = 1 << 0, SR_W_BY = 1 << 1, SR_W_NEG = 1 << 2, SR_W_PRON_PL = 1 << 3,
  SR_W_PRON_SG = 1 << 4, SR_W_DET = 1 << 5, SR_W_PREP = 1 << 6, SR_W_LOCPREP = 1 << 7,
  SR_W_TGTPREP = 1 << 8, SR_W_CONJ = 1 << 9, SR_W_REL = 1 << 10, SR_W_MODAL = 1 << 11,
  SR_W_LOCNOUN = 1 << 12, SR_W_DIR = 1 << 13, SR_W_DIST = 1 << 14, SR_W_SUB = 1 << 15,
  SR_W_HAVE = 1 << 16, SR_W_TIME = 1 << 17, SR_W_PLACEWORD = 1 << 18, SR_W_NOPLACE = 1 << 19,
  SR_W_MEMBER = 1 << 20, SR_W_POSSPRON = 1 << 21, SR_W_HIST = 1 << 22, SR_W_PAST = 1 << 23,
  SR_W_NEAR = 1 << 24, SR_W_ADV = 1 << 25,
  SR_W_CLAUSE = 1 << 26,   /* starts a new clause: while, but, when, after ... */
  SR_W_PARTICLE = 1 << 27, /* may sit inside a place name: al, el, de, bin ... */
  SR_W_LISTCONT = 1 << 28, /* keeps a list of places going: and, or, as well as ... */
  SR_W_WEAPON = 1 << 29,   /* ordnance: rocket, missile, shell, bomb, drone */
  SR_W_OBJCTRL = 1u << 30  /* object control: "urged X to", "ordered X to" (X does the infinitive) */
};
/* word flags past 32 bits (the flags are a uint64_t) */
#define SR_W_QUANT (1ull << 31)     /* a quantity taking an of-phrase: dozens, hundreds, some, most */
#define SR_W_HOLD (1ull << 32)      /* a verb of holding a place: houses, hosts, controls ("which houses French troops") */
#define SR_W_HABIT (1ull << 33)     /* a habitual adverb: often, regularly, routinely */
#define SR_W_SUPPORT (1ull << 34)   /* a participle of support, not ownership: backed, trained, armed, funded */
#define SR_W_OWNERLINK (1ull << 35) /* a word linking a thing or people to their actor: loyal, belonging, led, held */
#define SR_W_MILTHING (1ull << 36)  /* a military thing owned by a force: base, post, convoy, checkpoint, position */
#define SR_W_REACT (1ull << 37)     /* a verbal reaction to an act (condemn, deplore): not coded when the act is */
#define SR_W_CIVTHING (1ull << 38)  /* a vehicle or vessel of civilians: tanker, ferry, bus (hit: civilians are) */
#define SR_W_ACCIDENT (1ull << 39)  /* an accident or a natural cause: accident, faulty, lightning, floods */
#define SR_W_BY_AIR (1ull << 40)    /* means of an attack from the air: drone, warplane, air strike, helicopter */
#define SR_W_BY_FIRE (1ull << 41)   /* artillery and missiles: shelling, mortar, rocket, missile, howitzer */
#define SR_W_BY_BOMB (1ull << 42)   /* planted or thrown explosives: IED, landmine, roadside bomb, car bomb */
#define SR_W_BY_SUICIDE (1ull << 43) /* a suicide attack */
#define SR_W_BY_GRENADE (1ull << 44) /* a grenade */
#define SR_W_BY_CHEM (1ull << 45)   /* a chemical weapon: chlorine, sarin, gas attack */
#define SR_W_MOB (1ull << 46)       /* a crowd acting on its own: mob, crowd, villagers, vigilantes */
#define SR_W_ASSAULT (1ull << 47)   /* a ground assault on a place: storm, overrun, raid (against who holds it) */
#define SR_W_DEATH (1ull << 48)     /* a word of death: killed, dead, died, fatalities, toll (src/code/casualties.c) */
#define SR_W_INJURY (1ull << 49)    /* a word of injury: wounded, injured, hurt, casualties (both: dead or hurt) */
#define SR_W_DIE (1ull << 50)       /* dying verbs whose subject is the victim: die, perish, succumb */
#define SR_W_IDENTITY (1ull << 51)  /* communal identity of an armed group: ethnic, tribal, clan, herders (ACLED inter 4) */
#define SR_W_CIVPLACE (1ull << 52)  /* a place of civilian life: market, school, hospital, church, hotel (attacked: no battle) */
#define SR_W_PLANNOUN (1ull << 53)  /* a noun whose for/of-phrase is only planned or asked: timetable, plan, deadline, call, demand */
#define SR_W_PERCEIVE (1ull << 54)  /* a verb of perception whose object's -ing form is an act seen: saw, showed, filmed, spotted */
#define SR_W_SUBUNIT (1ull << 55)  /* a part of an organisation: branch, wing, affiliate ("IS's Libyan branch" is IS) */
#define SR_W_INFRA (1ull << 56)    /* a civilian installation or what it handles: plant, refinery, grid, fuel, oil (hit: no actor) */
#define SR_W_UNSURE (1ull << 57)   /* a word of not knowing yet: unclear, unknown, investigating (a cause nobody knows) */

typedef struct sr_lex_actor {
  uint32_t code, name, cameo; /* string offsets: use sr_lex_str */
  uint8_t kind;               /* SR_KIND_* */
  char cc[3];                 /* theatre country ("" = none) */
  uint8_t pad;                /* (build time: 1 = cc given by a home= field) */
  uint8_t pad2[3];            /* pad2[0]: SR_ACTOR_* flags; pad2[1]: ACLED inter code given by
                                 an inter= field (0 = from the kind) */
  int32_t inter_since;        /* day number (days since 1970-01-01) from which pad2[1] holds;
                                 events before it take the kind's code */
  uint32_t after;             /* string offset of the code of the actor that acts in this one's
                                 name from after_since on (an after= field; 0 = none) */
  int32_t after_since;        /* day number from which `after` holds */
} sr_lex_actor;
/* sr_lex_actor.pad2[0]: unnamed armed opposition ("rebels", "insurgents") in the actor's home
 * country is this actor when no named group is in the report (generic=armed in data/actors) */
#define SR_ACTOR_GENERIC 1

typedef struct sr_lex_country {
  char cc[4];
  uint32_t name;              /* string offset */
  int32_t mil, gov;           /* actor indexes, -1 = none */
  int32_t bare;               /* whose unnamed troops ("troops", "soldiers") act in the country's places
                                 when another state's forces do (a bare= field; -1 = mil) */
  int32_t held;               /* whose forces a place of the country is taken from (held=; -1 = mil) */
} sr_lex_country;

typedef struct sr_lex_action {
  char cameo[6];              /* CAMEO code, "" for pseudo-actions */
  uint8_t act;                /* SR_ACT_* */
  uint8_t pad;
  uint16_t flags;             /* SR_AF_* */
  uint32_t pattern;           /* string offset of the source line's pattern (for --explain) */
  uint32_t particle;          /* SR_AF_GAP: folded particle word ("out"), string offset */
  int32_t target;             /* implied target actor ("tgt=PROTESTERS"), -1 = none */
} sr_lex_action;

typedef struct sr_lex_entry {
  uint8_t type;               /* SR_ENT_* */
  uint8_t ntok;               /* tokens matched */
  uint16_t flags;             /* SR_AF_PART/ING for actions; 1 = case-sensitive for actors */
  uint32_t val;               /* actor, role, country or action index */
  uint32_t surface;           /* case-sensitive surface form (string offset), 0 = none */
} sr_lex_entry;

/* Syntax facts of one word (the syntactic layer, sitrep/syntax.h), stored per word id. */
typedef struct sr_lex_wsyn {
  uint32_t tags;  /* mask of the word's possible tags (1u << SR_T_*), 0 = unknown word */
  uint8_t best;   /* its most frequent tag */
  uint8_t sym;    /* grammar symbol standing for the word (SR_S_BE ...), 0 = its tag */
  uint8_t ncls;   /* WordNet noun class of its most frequent noun sense (SR_NC_*) */
  uint8_t vcls;   /* WordNet verb class (SR_VC_*) */
} sr_lex_wsyn;

/* Where `lexicon build` finds the open-class word sources of the syntactic layer (read only
 * when DIR has a syntax/ folder). NULL fields are searched: taglex = $SITREP_TAGLEX, then
 * $SITREP_HOME/deps/en-lexicon.js (npm en-lexicon, fetched by scripts/setup.sh), then
 * ~/.cache/sitrep/deps/en-lexicon.js; wordnet = $SITREP_WORDNET, then /usr/share/wordnet
 * (Debian wordnet-base). require = 1 fails when either is missing; 0 builds without it. */
typedef struct sr_lex_build_opts {
  const char *taglex;
  const char *wordnet;
  int require;
} sr_lex_build_opts;

/* Compile every dictionary under dir (data/) into an image written
 * atomically to out_path. Errors name the file and line. opts may be NULL. */
int sr_lex_build(const char *dir, const char *out_path, sr_error *err);
int sr_lex_build_ex(const char *dir, const char *out_path, const sr_lex_build_opts *opts, sr_error *err);
/* Compile into memory (for tests/tools): *out is a malloc'd image, caller
 * passes it to sr_lex_open_mem which takes ownership. */
int sr_lex_build_mem(const char *dir, void **out, size_t *outlen, sr_error *err);
int sr_lex_build_mem_ex(const char *dir, const sr_lex_build_opts *opts, void **out, size_t *outlen,
                        sr_error *err);
/* The syntax facts table (*n entries, indexed by word id) and the syntax section (rules and
 * automata, *len bytes; NULL when the image has none). Borrowed from the image. */
const sr_lex_wsyn *sr_lex_wsyn_table(const sr_lex *lx, uint32_t *n);
const void *sr_lex_syn_blob(const sr_lex *lx, size_t *len);
/* Number of word ids (ids are 1 .. n - 1). */
uint32_t sr_lex_nwords(const sr_lex *lx);
/* mmap an image; caller closes with sr_lex_close. Fails with SR_EINPUT and
 * "PATH: corrupt lexicon image (...)" when the checksum or any section, offset,
 * count or index is wrong (err->file is PATH); SR_EIO when it cannot be read. */
int sr_lex_open(sr_lex **out, const char *path, sr_error *err);
/* The same for an image in memory: takes ownership of img (malloc'd), freed by
 * sr_lex_close or here on failure. */
int sr_lex_open_mem(sr_lex **out, void *img, size_t len, sr_error *err);
/* Recompute and store the checksum of an image in memory (img borrowed, len its
 * size), for tests and fuzzers that craft or alter images and want the structural
 * checks, not the checksum, to judge them. Returns 0 or SR_EINPUT when too short. */
int sr_lex_seal(void *img, size_t len);
void sr_lex_close(sr_lex *lx);

/* Fill tok[i].word for every token of t (word id or 0). */
void sr_lex_tag(const sr_lex *lx, sr_text *t);
/* Word flags (SR_W_*) of word id w (0 -> 0). */
uint64_t sr_lex_wflags(const sr_lex *lx, uint32_t w);
/* Word id of a folded string, 0 when unknown. */
uint32_t sr_lex_word(const sr_lex *lx, const char *fold, size_t len);

/* Trie match at token i (tokens must be tagged): writes up to max entries of
 * the longest-first matches starting at i; returns the count. Case-sensitive
 * entries are checked against the source text. */
int sr_lex_match(const sr_lex *lx, const sr_text *t, uint32_t i, uint32_t end,
                 const sr_lex_entry **out, int max);
/* The same, also writing each match's length in tokens to span[] (a match may
 * step over up to two adverbs: "fired again at"), so span[k] >= out[k]->ntok. */
int sr_lex_match_span(const sr_lex *lx, const sr_text *t, uint32_t i, uint32_t end,
                      const sr_lex_entry **out, uint32_t *span, int max);

const char *sr_lex_str(const sr_lex *lx, uint32_t off);
const sr_lex_actor *sr_lex_actor_at(const sr_lex *lx, uint32_t i);
const sr_lex_country *sr_lex_country_at(const sr_lex *lx, uint32_t i);
const sr_lex_action *sr_lex_action_at(const sr_lex *lx, uint32_t i);
uint32_t sr_lex_nactors(const sr_lex *lx);
uint32_t sr_lex_ncountries(const sr_lex *lx);
/* Actor index by code ("SYRGOV"), -1 when absent. */
int32_t sr_lex_actor_by_code(const sr_lex *lx, const char *code);
/* Country index by ISO code, -1 when absent. */
int32_t sr_lex_country_by_cc(const sr_lex *lx, const char *cc);
/* The first country (index) whose government or military actor a is; -1 when none. A table
 * built at open. */
int32_t sr_lex_actor_state(const sr_lex *lx, int32_t a);

#endif
