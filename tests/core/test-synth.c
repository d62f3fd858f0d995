/* test-synth.c: the generator is reproducible and looks like a city
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "civic-synth.h"

#define NOW      1772323200   /* 2026-03-01 */
#define N_CASES  20000

static GPtrArray *
generate (guint64     seed,
          const char *dir)
{
  g_autoptr(CivicSynth) synth = civic_synth_new (seed, dir);
  GPtrArray *cases = g_ptr_array_new_with_free_func (g_object_unref);

  civic_synth_set_now (synth, NOW);
  civic_synth_set_n_cases (synth, N_CASES);
  civic_synth_fill (synth, cases, N_CASES);
  return cases;
}

static void
test_reproducible (void)
{
  const char *dir = g_getenv ("CIVIC_SHARED_DATA");
  g_autoptr(GPtrArray) a = generate (99, dir);
  g_autoptr(GPtrArray) b = generate (99, dir);
  g_autoptr(GPtrArray) c = generate (100, dir);
  guint differ = 0;

  for (guint i = 0; i < a->len; i++)
    {
      CivicCase *x = g_ptr_array_index (a, i);
      CivicCase *y = g_ptr_array_index (b, i);
      CivicCase *z = g_ptr_array_index (c, i);

      g_assert_cmpstr (civic_case_get_service_request_id (x), ==, civic_case_get_service_request_id (y));
      g_assert_cmpstr (civic_case_get_description (x), ==, civic_case_get_description (y));
      g_assert_cmpint (civic_case_get_requested_datetime (x), ==, civic_case_get_requested_datetime (y));
      g_assert_cmpfloat (civic_case_get_lat (x), ==, civic_case_get_lat (y));
      differ += g_strcmp0 (civic_case_get_description (x), civic_case_get_description (z)) != 0;
    }
  /* another seed, another city */
  g_assert_cmpuint (differ, >, a->len / 4);
}

static void
check_shape (GPtrArray *cases)
{
  g_autoptr(GHashTable) services = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) departments = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GRegex) tracking = g_regex_new ("^311-20[0-9][0-9]-[0-9]{6,}$", 0, 0, NULL);
  guint open = 0, overdue = 0, tagged = 0, assigned_open = 0;
  gint64 previous = 0;

  for (guint i = 0; i < cases->len; i++)
    {
      CivicCase *c = g_ptr_array_index (cases, i);
      gint64 requested = civic_case_get_requested_datetime (c);

      g_assert_true (g_regex_match (tracking, civic_case_get_service_request_id (c), 0, NULL));
      /* in arrival order, within the last 90 days */
      g_assert_cmpint (requested, >=, previous);
      g_assert_cmpint (requested, >=, NOW - 90 * 24 * 3600);
      g_assert_cmpint (requested, <, NOW);
      previous = requested;

      g_assert_cmpfloat (civic_case_get_lat (c), >=, 40.50);
      g_assert_cmpfloat (civic_case_get_lat (c), <=, 40.91);
      g_assert_cmpfloat (civic_case_get_long (c), >=, -74.25);
      g_assert_cmpfloat (civic_case_get_long (c), <=, -73.70);
      g_assert_nonnull (civic_case_get_service_code (c));
      g_assert_nonnull (civic_case_get_department (c));
      g_assert_nonnull (civic_case_get_description (c));
      g_assert_cmpint (g_utf8_strlen (civic_case_get_description (c), -1), <=, CIVIC_CASE_DESCRIPTION_MAX);
      g_assert_cmpint (civic_case_get_expected_datetime (c), >, requested);
      g_hash_table_add (services, (gpointer) civic_case_get_service_code (c));
      g_hash_table_add (departments, (gpointer) civic_case_get_department (c));

      if (civic_case_is_open (c))
        {
          open++;
          overdue += civic_case_get_expected_datetime (c) < NOW;
          assigned_open += civic_case_get_assignee (c) != NULL;
          g_assert_cmpint (civic_case_get_closed_datetime (c), ==, 0);
        }
      else
        {
          g_assert_cmpint (civic_case_get_closed_datetime (c), >, requested);
          g_assert_cmpint (civic_case_get_closed_datetime (c), <=, NOW);
        }
      tagged += civic_case_get_tags (c) != NULL;
    }

  g_test_message ("%u services, %u departments, %u open, %u overdue, %u tagged",
                  g_hash_table_size (services), g_hash_table_size (departments),
                  open, overdue, tagged);
  g_assert_cmpuint (g_hash_table_size (services), >=, 20);
  g_assert_cmpuint (g_hash_table_size (departments), >=, 6);
  g_assert_cmpuint (open, >, cases->len / 50);
  /* a realistic share of the open cases is overdue */
  g_assert_cmpuint (overdue * 100, >=, open * 8);
  g_assert_cmpuint (overdue * 100, <=, open * 25);
  g_assert_cmpuint (assigned_open, >, open / 2);
  g_assert_cmpuint (tagged, >, cases->len / 10);
}

static void
test_shape_from_sample (void)
{
  const char *dir = g_getenv ("CIVIC_SHARED_DATA");
  g_autoptr(CivicSynth) synth = civic_synth_new (1, dir);
  g_autoptr(GPtrArray) cases = NULL;

  if (!civic_synth_uses_sample (synth))
    {
      g_test_skip ("the NYC sample CSV is not in $CIVIC_SHARED_DATA");
      return;
    }
  cases = generate (1, dir);
  check_shape (cases);
}

static void
test_shape_built_in (void)
{
  g_autoptr(GPtrArray) cases = generate (1, NULL);

  check_shape (cases);
}

static void
test_catalogue (void)
{
  g_autoptr(CivicSynth) synth = civic_synth_new (3, g_getenv ("CIVIC_SHARED_DATA"));
  g_autoptr(GPtrArray) services = civic_synth_get_services (synth);
  g_autoptr(GPtrArray) departments = civic_synth_get_departments (synth);
  g_autoptr(GPtrArray) users = civic_synth_get_users (synth);
  g_autoptr(GHashTable) department_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) usernames = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < departments->len; i++)
    g_hash_table_add (department_ids, (gpointer) civic_department_get_id (g_ptr_array_index (departments, i)));
  for (guint i = 0; i < users->len; i++)
    g_hash_table_add (usernames, (gpointer) civic_user_get_username (g_ptr_array_index (users, i)));
  /* every service belongs to a known department */
  for (guint i = 0; i < services->len; i++)
    g_assert_true (g_hash_table_contains (department_ids,
                                          civic_service_get_department (g_ptr_array_index (services, i))));
  g_assert_cmpuint (g_hash_table_size (usernames), ==, users->len);

  /* every assignee is a user of the catalogue */
  civic_synth_fill (synth, cases, 2000);
  for (guint i = 0; i < cases->len; i++)
    {
      const char *assignee = civic_case_get_assignee (g_ptr_array_index (cases, i));

      if (assignee != NULL)
        g_assert_true (g_hash_table_contains (usernames, assignee));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/synth/reproducible", test_reproducible);
  g_test_add_func ("/synth/shape-from-sample", test_shape_from_sample);
  g_test_add_func ("/synth/shape-built-in", test_shape_built_in);
  g_test_add_func ("/synth/catalogue", test_catalogue);

  return g_test_run ();
}
