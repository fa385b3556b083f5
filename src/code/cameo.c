/* cameo.c - CAMEO event code -> short name, PLOVER type, ACLED type/sub-type.
 *
 * One static table, sorted by code in strcmp order (checked by
 * tests/unit/test_cameo.c through the public lookups). Every CAMEO 2- and
 * 3-digit code is present, plus the 4-digit codes whose mapping differs from
 * their parent or that the coder emits (0871-0874, 1721-1724, 1821-1823,
 * 1831-1834, 1951, 1952, 2041, 2042, ...).
 *
 * PLOVER types follow the CAMEO->PLOVER 2021 conversion table; root 01 was
 * dropped from PLOVER and maps to "", while root 02 (appeals: "urged",
 * "called on") maps to REQUEST, which the current PLOVER manual defines as
 * "requests, demands, orders" (ontologies.md section 2). ACLED types/sub-types are our
 * own judgement of the closest ACLED category; verbal categories that ACLED
 * does not record (statements, appeals, intents, consultations, demands,
 * criticism, rejection, threats, reduced relations) map to "".
 *
 * Decisions worth knowing:
 *   08 (bare root)  -> RETREAT, as war reporting uses 08 for retreat/release
 *   183             -> Remote explosive/landmine/IED (generic bombing);
 *                      1831 -> Suicide bomb; 1832 car bomb -> IED
 *   191 blockade    -> COERCE (PLOVER table) / Strategic developments/Other
 *   192 occupy      -> COERCE (PLOVER table) / Battles/Armed clash by default;
 *                      the coder may refine to "Government regains territory"
 *                      or "Non-state actor overtakes territory" from the
 *                      source actor's kind.
 *   175             -> ASSAULT / Protests/Excessive force against protesters
 *   055 apologise   -> CONCEDE, not the table's SUPPORT: the PLOVER manual lists apologies
 *                      under CONCEDE (verbal concessions); 056 forgive (amnesties) likewise,
 *                      as the manual's "pardons"
 *   035, 0871      -> CONCEDE (intents to yield, declared ceasefires: verbal concessions)
 *   116 find guilty -> SANCTION (the manual's convict mode), not the table's ACCUSE
 *   163 sanctions   -> SANCTION, not the table's COERCE: the PLOVER manual's SANCTION is the
 *                      reduction of existing relations "not only formal sanctions", and
 *                      sanctions, embargoes and boycotts by states are its plainest case
 */
#include "sitrep/sitrep.h"

#include <stddef.h>
#include <string.h>

typedef struct cameo_row {
  const char *code;
  const char *name;
  const char *plover;
  const char *acled;
  const char *sub;
} cameo_row;

/* ACLED type / sub-type shorthands */
#define NONE "", ""
#define BAT_CLASH "Battles", "Armed clash"
#define ERV_AIR "Explosions/Remote violence", "Air/drone strike"
#define ERV_SHELL "Explosions/Remote violence", "Shelling/artillery/missile attack"
#define ERV_IED "Explosions/Remote violence", "Remote explosive/landmine/IED"
#define ERV_SUICIDE "Explosions/Remote violence", "Suicide bomb"
#define ERV_CHEM "Explosions/Remote violence", "Chemical weapon"
#define VAC_ATTACK "Violence against civilians", "Attack"
#define VAC_ABDUCT "Violence against civilians", "Abduction/forced disappearance"
#define VAC_SEXUAL "Violence against civilians", "Sexual violence"
#define PRO_PEACE "Protests", "Peaceful protest"
#define PRO_FORCE "Protests", "Excessive force against protesters"
#define RIOT_VIOLENT "Riots", "Violent demonstration"
#define SD_OTHER "Strategic developments", "Other"
#define SD_AGREE "Strategic developments", "Agreement"
#define SD_ARREST "Strategic developments", "Arrests"
#define SD_CHANGE "Strategic developments", "Change to group/activity"
#define SD_LOOT "Strategic developments", "Looting/property destruction"
#define SD_TERRITORY "Strategic developments", "Non-violent transfer of territory"

static const cameo_row k_rows[] = {
    /* 01 public statement (dropped from PLOVER) */
    {"01", "make public statement", "", NONE},
    {"010", "make statement", "", NONE},
    {"011", "decline to comment", "", NONE},
    {"012", "pessimistic comment", "", NONE},
    {"013", "optimistic comment", "", NONE},
    {"014", "consider policy option", "", NONE},
    {"015", "claim responsibility", "", NONE},
    {"016", "deny responsibility", "", NONE},
    {"017", "symbolic act", "", NONE},
    {"018", "empathetic comment", "", NONE},
    {"019", "express accord", "", NONE},
    /* 02 appeal (dropped from PLOVER) */
    {"02", "appeal", "REQUEST", NONE},
    {"020", "appeal", "REQUEST", NONE},
    {"021", "appeal for material cooperation", "REQUEST", NONE},
    {"022", "appeal for diplomatic cooperation", "REQUEST", NONE},
    {"023", "appeal for aid", "REQUEST", NONE},
    {"024", "appeal for political reform", "REQUEST", NONE},
    {"025", "appeal to yield", "REQUEST", NONE},
    {"026", "appeal to meet or negotiate", "REQUEST", NONE},
    {"027", "appeal to settle dispute", "REQUEST", NONE},
    {"028", "appeal for mediation", "REQUEST", NONE},
    /* 03 intent to cooperate */
    {"03", "express intent to cooperate", "AGREE", NONE},
    {"030", "express intent to cooperate", "AGREE", NONE},
    {"031", "intend material cooperation", "AGREE", NONE},
    {"032", "intend diplomatic cooperation", "AGREE", NONE},
    {"033", "intend to give aid", "AGREE", NONE},
    {"034", "intend political reform", "AGREE", NONE},
    /* 035 -> CONCEDE, not the table's AGREE: an intent to yield ("will reopen its airspace",
     * "will withdraw its troops by December") is what the PLOVER manual calls a verbal concession
     * (its tie-break: an announced future withdrawal is CONCEDE) */
    {"035", "intend to yield", "CONCEDE", NONE},
    {"036", "intend to meet or negotiate", "AGREE", NONE},
    {"037", "intend to settle dispute", "AGREE", NONE},
    {"038", "intend to accept mediation", "AGREE", NONE},
    {"039", "intend to mediate", "AGREE", NONE},
    /* 04 consult */
    {"04", "consult", "CONSULT", NONE},
    {"040", "consult", "CONSULT", NONE},
    {"041", "talk by phone", "CONSULT", NONE},
    {"042", "visit", "CONSULT", NONE},
    {"043", "host visit", "CONSULT", NONE},
    {"044", "meet at third location", "CONSULT", NONE},
    {"045", "mediate", "CONSULT", NONE},
    {"046", "negotiate", "CONSULT", NONE},
    /* 05 diplomatic cooperation */
    {"05", "diplomatic cooperation", "SUPPORT", NONE},
    {"050", "diplomatic cooperation", "SUPPORT", NONE},
    {"051", "praise or endorse", "SUPPORT", NONE},
    {"052", "defend verbally", "SUPPORT", NONE},
    {"053", "rally support", "SUPPORT", NONE},
    {"054", "grant recognition", "SUPPORT", NONE},
    /* 055 -> CONCEDE, not the conversion table's SUPPORT: the current PLOVER manual defines
     * CONCEDE as verbal concessions without immediate material effect and lists apologies
     * among them (ontologies.md section 2) */
    {"055", "apologise", "CONCEDE", NONE},
    /* 056 -> CONCEDE as well: forgiveness granted for past offences (amnesties) is what the
     * PLOVER manual calls a pardon, a verbal concession under CONCEDE */
    {"056", "forgive", "CONCEDE", NONE},
    {"057", "sign agreement", "SUPPORT", SD_AGREE},
    /* 06 material cooperation */
    {"06", "material cooperation", "COOPERATE", SD_OTHER},
    {"060", "material cooperation", "COOPERATE", SD_OTHER},
    {"061", "economic cooperation", "COOPERATE", NONE},
    {"062", "military cooperation", "COOPERATE", SD_OTHER},
    {"063", "judicial cooperation", "COOPERATE", NONE},
    {"064", "share intelligence", "COOPERATE", NONE},
    /* 07 aid */
    {"07", "provide aid", "AID", SD_OTHER},
    {"070", "provide aid", "AID", SD_OTHER},
    {"071", "economic aid", "AID", NONE},
    {"072", "military aid", "AID", SD_OTHER},
    {"073", "humanitarian aid", "AID", NONE},
    {"074", "protection or peacekeeping", "AID", SD_OTHER},
    {"075", "grant asylum", "AID", NONE},
    /* 08 yield: 080-083 CONCEDE, 084-087 RETREAT (bare root: RETREAT) */
    {"08", "yield", "RETREAT", SD_OTHER},
    {"080", "yield", "CONCEDE", SD_OTHER},
    {"081", "ease administrative sanctions", "CONCEDE", NONE},
    {"0811", "ease restrictions on freedoms", "CONCEDE", NONE},
    {"0812", "ease ban on parties", "CONCEDE", NONE},
    {"0813", "ease curfew", "RETREAT", NONE},
    {"0814", "ease state of emergency", "RETREAT", NONE},
    {"082", "ease political dissent", "CONCEDE", NONE},
    {"083", "accede to reform demands", "CONCEDE", NONE},
    {"084", "return or release", "RETREAT", SD_OTHER},
    {"0841", "release persons", "RETREAT", SD_OTHER},
    {"0842", "return property", "RETREAT", SD_OTHER},
    {"085", "ease economic sanctions", "RETREAT", NONE},
    {"086", "allow international involvement", "RETREAT", SD_OTHER},
    {"087", "de-escalate militarily", "RETREAT", SD_OTHER},
    /* 0871 -> CONCEDE: the manual's CONCEDE holds "declared (not implemented) ceasefires"; a
     * ceasefire observed is RETREAT (the coder gives "observed the truce" 087) */
    {"0871", "declare truce or ceasefire", "CONCEDE", SD_AGREE},
    {"0872", "ease military blockade", "RETREAT", SD_OTHER},
    {"0873", "demobilise armed forces", "RETREAT", SD_CHANGE},
    {"0874", "retreat or surrender", "RETREAT", SD_TERRITORY},
    /* 09 investigate */
    {"09", "investigate", "ACCUSE", NONE},
    {"090", "investigate", "ACCUSE", NONE},
    {"091", "investigate crime", "ACCUSE", NONE},
    {"092", "investigate rights abuses", "ACCUSE", NONE},
    {"093", "investigate military action", "ACCUSE", NONE},
    {"094", "investigate war crimes", "ACCUSE", NONE},
    /* 10 demand */
    {"10", "demand", "REQUEST", NONE},
    {"100", "demand", "REQUEST", NONE},
    {"101", "demand material cooperation", "REQUEST", NONE},
    {"102", "demand diplomatic cooperation", "REQUEST", NONE},
    {"103", "demand aid", "REQUEST", NONE},
    {"104", "demand political reform", "REQUEST", NONE},
    {"105", "demand that target yield", "REQUEST", NONE},
    {"106", "demand meeting", "REQUEST", NONE},
    {"107", "demand settlement", "REQUEST", NONE},
    {"108", "demand mediation", "REQUEST", NONE},
    /* 11 disapprove */
    {"11", "disapprove", "ACCUSE", NONE},
    {"110", "disapprove", "ACCUSE", NONE},
    {"111", "criticise or denounce", "ACCUSE", NONE},
    {"112", "accuse", "ACCUSE", NONE},
    {"113", "rally opposition", "ACCUSE", NONE},
    {"114", "complain officially", "ACCUSE", NONE},
    {"115", "sue", "ACCUSE", NONE},
    /* 116 -> SANCTION, not the table's ACCUSE: the manual lists convictions under SANCTION
     * (mode convict) */
    {"116", "find guilty", "SANCTION", NONE},
    /* 12 reject */
    {"12", "reject", "REJECT", NONE},
    {"120", "reject", "REJECT", NONE},
    {"121", "reject material cooperation", "REJECT", NONE},
    {"122", "reject request for aid", "REJECT", NONE},
    {"123", "reject political reform", "REJECT", NONE},
    {"124", "refuse to yield", "REJECT", NONE},
    {"125", "reject talks", "REJECT", NONE},
    {"126", "reject mediation", "REJECT", NONE},
    {"127", "reject settlement plan", "REJECT", NONE},
    {"128", "defy norms or law", "REJECT", NONE},
    {"129", "veto", "REJECT", NONE},
    /* 13 threaten */
    {"13", "threaten", "THREATEN", NONE},
    {"130", "threaten", "THREATEN", NONE},
    {"131", "threaten non-force", "THREATEN", NONE},
    {"132", "threaten administrative sanctions", "THREATEN", NONE},
    {"133", "threaten protest", "THREATEN", NONE},
    {"134", "threaten to halt talks", "THREATEN", NONE},
    {"135", "threaten to halt mediation", "THREATEN", NONE},
    {"136", "threaten to end international involvement", "THREATEN", NONE},
    {"137", "threaten repression", "THREATEN", NONE},
    {"138", "threaten military force", "THREATEN", NONE},
    {"1381", "threaten blockade", "THREATEN", NONE},
    {"1382", "threaten occupation", "THREATEN", NONE},
    {"1383", "threaten unconventional violence", "THREATEN", NONE},
    {"1384", "threaten conventional attack", "THREATEN", NONE},
    {"1385", "threaten WMD attack", "THREATEN", NONE},
    {"139", "ultimatum", "THREATEN", NONE},
    /* 14 protest */
    {"14", "protest", "PROTEST", PRO_PEACE},
    {"140", "political dissent", "PROTEST", PRO_PEACE},
    {"141", "demonstrate or rally", "PROTEST", PRO_PEACE},
    {"142", "hunger strike", "PROTEST", PRO_PEACE},
    {"143", "strike or boycott", "PROTEST", PRO_PEACE},
    {"144", "obstruct or block", "PROTEST", PRO_PEACE},
    {"145", "riot or violent protest", "PROTEST", RIOT_VIOLENT},
    /* 15 force posture */
    {"15", "exhibit force posture", "MOBILIZE", SD_OTHER},
    {"150", "show military or police power", "MOBILIZE", SD_OTHER},
    {"151", "raise police alert", "MOBILIZE", SD_OTHER},
    {"152", "raise military alert", "MOBILIZE", SD_OTHER},
    {"153", "mobilise police", "MOBILIZE", SD_OTHER},
    {"154", "mobilise armed forces", "MOBILIZE", SD_OTHER},
    {"155", "mobilise cyber forces", "MOBILIZE", SD_OTHER},
    /* 16 reduce relations */
    {"16", "reduce relations", "SANCTION", NONE},
    {"160", "reduce relations", "SANCTION", NONE},
    {"161", "break diplomatic relations", "SANCTION", NONE},
    {"162", "reduce or stop aid", "SANCTION", NONE},
    {"163", "impose sanctions or embargo", "SANCTION", NONE},
    {"164", "halt negotiations", "SANCTION", NONE},
    {"165", "halt mediation", "SANCTION", NONE},
    {"166", "expel or withdraw", "SANCTION", SD_OTHER},
    /* 17 coerce */
    {"17", "coerce", "COERCE", SD_OTHER},
    {"170", "coerce", "COERCE", SD_OTHER},
    {"171", "seize or damage property", "COERCE", SD_LOOT},
    {"1711", "confiscate property", "COERCE", SD_LOOT},
    {"1712", "destroy property", "ASSAULT", SD_LOOT},
    {"172", "administrative sanctions", "COERCE", SD_OTHER},
    {"1721", "restrict freedom of expression", "COERCE", SD_OTHER},
    {"1722", "ban parties or politicians", "COERCE", SD_OTHER},
    {"1723", "impose curfew", "COERCE", SD_OTHER},
    {"1724", "impose emergency or martial law", "COERCE", SD_OTHER},
    {"173", "arrest or detain", "COERCE", SD_ARREST},
    {"174", "expel or deport individuals", "COERCE", SD_OTHER},
    {"175", "violent repression", "ASSAULT", PRO_FORCE},
    {"176", "cyber attack", "COERCE", SD_OTHER},
    /* 18 unconventional violence */
    {"18", "assault", "ASSAULT", VAC_ATTACK},
    {"180", "unconventional violence", "ASSAULT", VAC_ATTACK},
    {"181", "abduct or hijack", "ASSAULT", VAC_ABDUCT},
    {"182", "physical assault", "ASSAULT", VAC_ATTACK},
    {"1821", "sexual assault", "ASSAULT", VAC_SEXUAL},
    {"1822", "torture", "ASSAULT", VAC_ATTACK},
    {"1823", "kill by physical assault", "ASSAULT", VAC_ATTACK},
    {"183", "bombing", "ASSAULT", ERV_IED},
    {"1831", "suicide bombing", "ASSAULT", ERV_SUICIDE},
    {"1832", "car bombing", "ASSAULT", ERV_IED},
    {"1833", "roadside bombing", "ASSAULT", ERV_IED},
    {"1834", "location bombing", "ASSAULT", ERV_IED},
    {"184", "use as human shield", "ASSAULT", VAC_ATTACK},
    {"185", "attempt assassination", "ASSAULT", VAC_ATTACK},
    {"186", "assassinate", "ASSAULT", VAC_ATTACK},
    /* 19 fight */
    {"19", "fight", "ASSAULT", BAT_CLASH},
    {"190", "conventional military force", "ASSAULT", BAT_CLASH},
    {"191", "blockade or siege", "COERCE", SD_OTHER},
    {"192", "occupy territory", "COERCE", BAT_CLASH},
    {"193", "small-arms fighting", "ASSAULT", BAT_CLASH},
    {"194", "artillery or tank fire", "ASSAULT", ERV_SHELL},
    {"195", "aerial attack", "ASSAULT", ERV_AIR},
    {"1951", "precision-guided air strike", "ASSAULT", ERV_AIR},
    {"1952", "drone strike", "ASSAULT", ERV_AIR},
    {"196", "violate ceasefire", "ASSAULT", BAT_CLASH},
    /* 20 mass violence */
    {"20", "unconventional mass violence", "ASSAULT", VAC_ATTACK},
    {"200", "unconventional mass violence", "ASSAULT", VAC_ATTACK},
    {"201", "mass expulsion", "ASSAULT", VAC_ATTACK},
    {"202", "mass killing", "ASSAULT", VAC_ATTACK},
    {"203", "ethnic cleansing", "ASSAULT", VAC_ATTACK},
    {"204", "weapons of mass destruction", "ASSAULT", ERV_CHEM},
    {"2041", "chemical, biological or radiological attack", "ASSAULT", ERV_CHEM},
    {"2042", "nuclear detonation", "ASSAULT", ERV_SHELL},
};

#define NROWS (sizeof k_rows / sizeof k_rows[0])

static const cameo_row *find_exact(const char *code) {
  size_t lo = 0, hi = NROWS;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(code, k_rows[mid].code);
    if (c == 0) return &k_rows[mid];
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return NULL;
}

/* Leading digits of cameo (at most 4) tried at 4, 3 then 2 digits. NULL,
 * empty or non-numeric input gives NULL. */
static const cameo_row *find(const char *cameo) {
  char buf[5];
  size_t n = 0;
  if (!cameo) return NULL;
  while (n < 4 && cameo[n] >= '0' && cameo[n] <= '9') {
    buf[n] = cameo[n];
    n++;
  }
  for (; n >= 2; n--) {
    buf[n] = '\0';
    const cameo_row *r = find_exact(buf);
    if (r) return r;
  }
  return NULL;
}

void sr_cameo_map(const char *cameo, const char **plover, const char **acled,
                  const char **acled_sub) {
  const cameo_row *r = find(cameo);
  if (plover) *plover = r ? r->plover : "";
  if (acled) *acled = r ? r->acled : "";
  if (acled_sub) *acled_sub = r ? r->sub : "";
}

const char *sr_cameo_name(const char *cameo) {
  const cameo_row *r = find(cameo);
  return r ? r->name : "";
}

const char *sr_acled_disorder(const char *type, const char *sub) {
  if (!type || !*type) return "";
  if (!strcmp(type, "Protests"))
    return sub && !strcmp(sub, "Excessive force against protesters") ? "Political violence; Demonstrations"
                                                                      : "Demonstrations";
  if (!strcmp(type, "Riots")) return sub && !strcmp(sub, "Mob violence") ? "Political violence" : "Demonstrations";
  if (!strcmp(type, "Strategic developments")) return "Strategic developments";
  return "Political violence";
}
