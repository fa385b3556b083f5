/* test_cameo.c - CAMEO -> PLOVER / ACLED mapping and names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "sitrep/sitrep.h"

typedef struct expect {
  const char *code, *plover, *acled, *sub;
} expect;

static void check(const expect *e) {
  const char *p = NULL, *a = NULL, *s = NULL;
  sr_cameo_map(e->code, &p, &a, &s);
  assert_non_null(p);
  assert_non_null(a);
  assert_non_null(s);
  if (strcmp(p, e->plover) || strcmp(a, e->acled) || strcmp(s, e->sub))
    fail_msg("%s -> %s / %s / %s, expected %s / %s / %s", e->code, p, a, s, e->plover, e->acled,
             e->sub);
}

static void test_violence(void **state) {
  (void)state;
  static const expect t[] = {
      {"190", "ASSAULT", "Battles", "Armed clash"},
      {"193", "ASSAULT", "Battles", "Armed clash"},
      {"192", "COERCE", "Battles", "Armed clash"},
      {"194", "ASSAULT", "Explosions/Remote violence", "Shelling/artillery/missile attack"},
      {"195", "ASSAULT", "Explosions/Remote violence", "Air/drone strike"},
      {"1952", "ASSAULT", "Explosions/Remote violence", "Air/drone strike"},
      {"183", "ASSAULT", "Explosions/Remote violence", "Remote explosive/landmine/IED"},
      {"1831", "ASSAULT", "Explosions/Remote violence", "Suicide bomb"},
      {"1832", "ASSAULT", "Explosions/Remote violence", "Remote explosive/landmine/IED"},
      {"181", "ASSAULT", "Violence against civilians", "Abduction/forced disappearance"},
      {"1821", "ASSAULT", "Violence against civilians", "Sexual violence"},
      {"186", "ASSAULT", "Violence against civilians", "Attack"},
      {"202", "ASSAULT", "Violence against civilians", "Attack"},
      {"2041", "ASSAULT", "Explosions/Remote violence", "Chemical weapon"},
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) check(&t[i]);
}

static void test_nonviolent(void **state) {
  (void)state;
  static const expect t[] = {
      {"173", "COERCE", "Strategic developments", "Arrests"},
      {"175", "ASSAULT", "Protests", "Excessive force against protesters"},
      {"141", "PROTEST", "Protests", "Peaceful protest"},
      {"145", "PROTEST", "Riots", "Violent demonstration"},
      {"154", "MOBILIZE", "Strategic developments", "Other"},
      {"0874", "RETREAT", "Strategic developments", "Non-violent transfer of territory"},
      {"0871", "CONCEDE", "Strategic developments", "Agreement"}, /* declared: a verbal concession */
      {"087", "RETREAT", "Strategic developments", "Other"},       /* observed */
      {"0356", "CONCEDE", "", ""},                                /* an intent to yield */
      {"116", "SANCTION", "", ""},                                /* the manual's convict */
      {"0841", "RETREAT", "Strategic developments", "Other"},
      {"081", "CONCEDE", "", ""},
      {"062", "COOPERATE", "Strategic developments", "Other"},
      {"138", "THREATEN", "", ""},
      {"112", "ACCUSE", "", ""},
      {"010", "", "", ""},
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) check(&t[i]);
}

static void test_fallback(void **state) {
  (void)state;
  static const expect t[] = {
      {"1939", "ASSAULT", "Battles", "Armed clash"},         /* 4 -> 3 */
      {"1999", "ASSAULT", "Battles", "Armed clash"},         /* 4 -> 2 */
      {"19", "ASSAULT", "Battles", "Armed clash"},           /* root */
      {"08", "RETREAT", "Strategic developments", "Other"},  /* bare root */
      {"15", "MOBILIZE", "Strategic developments", "Other"}, /* root */
      {"18730", "ASSAULT", "Violence against civilians", "Attack"},
      {"99", "", "", ""},
      {"1", "", "", ""},
      {"", "", "", ""},
      {"abc", "", "", ""},
      {"19x", "ASSAULT", "Battles", "Armed clash"},
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) check(&t[i]);
  const char *p = "x", *a = "x", *s = "x";
  sr_cameo_map(NULL, &p, &a, &s);
  assert_string_equal(p, "");
  assert_string_equal(a, "");
  assert_string_equal(s, "");
  sr_cameo_map("193", NULL, NULL, NULL); /* NULL outputs are allowed */
}

static void test_names(void **state) {
  (void)state;
  assert_string_equal(sr_cameo_name("192"), "occupy territory");
  assert_string_equal(sr_cameo_name("1831"), "suicide bombing");
  assert_string_equal(sr_cameo_name("1839"), "bombing");
  assert_string_equal(sr_cameo_name("77"), "");
  assert_string_equal(sr_cameo_name(NULL), "");
  /* every 2- and 3-digit code resolves to a name, and from 03 on to a
   * PLOVER type (01x/02x were dropped from PLOVER) */
  static const int ranges[][2] = {{10, 19}, {20, 28},   {30, 39},   {40, 46},   {50, 57},
                                  {60, 64}, {70, 75},   {80, 87},   {90, 94},   {100, 108},
                                  {110, 116}, {120, 129}, {130, 139}, {140, 145}, {150, 155},
                                  {160, 166}, {170, 176}, {180, 186}, {190, 196}, {200, 204}};
  for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++)
    for (int c = ranges[r][0]; c <= ranges[r][1]; c++) {
      char code[8];
      code[0] = (char)('0' + c / 100);
      code[1] = (char)('0' + c / 10 % 10);
      code[2] = (char)('0' + c % 10);
      code[3] = '\0';
      assert_true(sr_cameo_name(code)[0] != '\0');
      const char *p = NULL;
      sr_cameo_map(code, &p, NULL, NULL);
      if (c >= 30) assert_true(p[0] != '\0');
    }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_violence),
      cmocka_unit_test(test_nonviolent),
      cmocka_unit_test(test_fallback),
      cmocka_unit_test(test_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
