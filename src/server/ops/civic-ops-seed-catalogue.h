/* civic-ops-seed-catalogue.h: the demo city's fixed data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *code;
  const char *name;
  const char *group;
  const char *department;
  int         sla_hours;
  const char *description;   /* a resident's words, for generated cases */
} CivicSeedService;

typedef struct
{
  const char *id;
  const char *name;
} CivicSeedDepartment;

/* Services a city runs beyond the NYC sample's complaint types, so the
 * demo has a full catalogue (~60 with the sample's). */
extern const CivicSeedService    civic_seed_extra_services[];
extern const guint               civic_seed_n_extra_services;
extern const CivicSeedDepartment civic_seed_extra_departments[];
extern const guint               civic_seed_n_extra_departments;

/* Open311 attribute definitions (JSON array) fitting a service by its
 * name; every datatype appears across the catalogue. */
char *civic_seed_attributes_for (const char *service_name,
                                 guint       index);

/* Feed post templates: {case} {dept} {street} are filled in. */
extern const char *const civic_seed_post_templates[];
extern const guint       civic_seed_n_post_templates;
extern const char *const civic_seed_reply_templates[];
extern const guint       civic_seed_n_reply_templates;

G_END_DECLS
