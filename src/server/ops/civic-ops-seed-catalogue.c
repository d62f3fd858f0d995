/* civic-ops-seed-catalogue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "civic-ops-seed-catalogue.h"

const CivicSeedDepartment civic_seed_extra_departments[] = {
  { "311", "311 Customer Service Center" },
  { "DSNY", "Department of Sanitation" },
  { "DEP", "Department of Environmental Protection" },
  { "DOB", "Department of Buildings" },
  { "HPD", "Housing Preservation and Development" },
};
const guint civic_seed_n_extra_departments = G_N_ELEMENTS (civic_seed_extra_departments);

const CivicSeedService civic_seed_extra_services[] = {
  { "missed-collection", "Missed Collection", "Sanitation", "DSNY", 48, "Garbage was not picked up on the scheduled day." },
  { "bulk-item-pickup", "Bulk Item Pickup", "Sanitation", "DSNY", 120, "A mattress and a couch need a bulk pickup." },
  { "dirty-conditions", "Dirty Conditions", "Sanitation", "DSNY", 72, "Trash and debris piling up on the sidewalk." },
  { "overflowing-litter-basket", "Overflowing Litter Basket", "Sanitation", "DSNY", 24, "The corner litter basket is overflowing." },
  { "illegal-dumping", "Illegal Dumping", "Sanitation", "DSNY", 72, "Construction debris dumped in the empty lot." },
  { "water-main-break", "Water Main Break", "Water and Sewer", "DEP", 4, "Water gushing from the street, the road is flooding." },
  { "sewer-backup", "Sewer Backup", "Water and Sewer", "DEP", 12, "Sewage backing up into the basement." },
  { "hydrant-running", "Hydrant Running", "Water and Sewer", "DEP", 8, "Fire hydrant open and running for hours." },
  { "catch-basin-clogged", "Catch Basin Clogged", "Water and Sewer", "DEP", 72, "Storm drain clogged with leaves, water pooling." },
  { "streetlight-out", "Streetlight Out", "Streets", "DOT", 120, "The streetlight in front of the building is out." },
  { "traffic-signal-out", "Traffic Signal Out", "Streets", "DOT", 4, "Traffic light dark at the intersection." },
  { "sidewalk-damage", "Sidewalk Damage", "Streets", "DOT", 720, "Raised and broken sidewalk, a trip hazard." },
  { "pothole", "Pothole", "Streets", "DOT", 240, "Deep pothole in the right lane." },
  { "fallen-tree", "Fallen Tree or Limb", "Parks and Trees", "DPR", 24, "A large limb fell and is blocking the sidewalk." },
  { "building-no-permit", "Work Without a Permit", "Buildings", "DOB", 240, "Construction going on with no permit posted." },
  { "unsafe-scaffolding", "Unsafe Scaffolding", "Buildings", "DOB", 48, "Scaffolding looks loose over the entrance." },
  { "heat-hot-water", "No Heat or Hot Water", "Housing", "HPD", 24, "No heat in the apartment since last night." },
};
const guint civic_seed_n_extra_services = G_N_ELEMENTS (civic_seed_extra_services);

/* Attribute sets, chosen by the words in a service's name. Between them
 * they use all six Open311 datatypes. */
static const char attrs_noise[] =
  "[{\"variable\":true,\"code\":\"noise_time\",\"datatype\":\"singlevaluelist\",\"required\":true,"
  "\"datatype_description\":\"\",\"order\":1,\"description\":\"When does the noise happen?\","
  "\"values\":[{\"key\":\"day\",\"name\":\"Daytime\"},{\"key\":\"night\",\"name\":\"Night (10 pm – 7 am)\"},"
  "{\"key\":\"always\",\"name\":\"All the time\"}]},"
  "{\"variable\":true,\"code\":\"ongoing_since\",\"datatype\":\"datetime\",\"required\":false,"
  "\"datatype_description\":\"When it started\",\"order\":2,\"description\":\"Since when?\",\"values\":[]}]";
static const char attrs_street[] =
  "[{\"variable\":true,\"code\":\"size\",\"datatype\":\"singlevaluelist\",\"required\":true,"
  "\"datatype_description\":\"\",\"order\":1,\"description\":\"How big is it?\","
  "\"values\":[{\"key\":\"small\",\"name\":\"Smaller than a plate\"},{\"key\":\"medium\",\"name\":\"Up to a tire\"},"
  "{\"key\":\"large\",\"name\":\"Larger than a tire\"}]},"
  "{\"variable\":true,\"code\":\"lanes\",\"datatype\":\"multivaluelist\",\"required\":false,"
  "\"datatype_description\":\"\",\"order\":2,\"description\":\"Where on the street?\","
  "\"values\":[{\"key\":\"travel\",\"name\":\"Travel lane\"},{\"key\":\"bike\",\"name\":\"Bike lane\"},"
  "{\"key\":\"crosswalk\",\"name\":\"Crosswalk\"},{\"key\":\"sidewalk\",\"name\":\"Sidewalk\"}]}]";
static const char attrs_water[] =
  "[{\"variable\":true,\"code\":\"water_flow\",\"datatype\":\"singlevaluelist\",\"required\":true,"
  "\"datatype_description\":\"\",\"order\":1,\"description\":\"How much water?\","
  "\"values\":[{\"key\":\"trickle\",\"name\":\"A trickle\"},{\"key\":\"steady\",\"name\":\"Steady flow\"},"
  "{\"key\":\"flooding\",\"name\":\"Flooding the street\"}]},"
  "{\"variable\":true,\"code\":\"affected_buildings\",\"datatype\":\"number\",\"required\":false,"
  "\"datatype_description\":\"A whole number\",\"order\":2,\"description\":\"Buildings without water\",\"values\":[]}]";
static const char attrs_general[] =
  "[{\"variable\":true,\"code\":\"location_detail\",\"datatype\":\"string\",\"required\":false,"
  "\"datatype_description\":\"\",\"order\":1,\"description\":\"Where exactly (floor, side of street)?\",\"values\":[]},"
  "{\"variable\":true,\"code\":\"details\",\"datatype\":\"text\",\"required\":false,"
  "\"datatype_description\":\"\",\"order\":2,\"description\":\"Anything else the crew should know\",\"values\":[]},"
  "{\"variable\":false,\"code\":\"safety_notice\",\"datatype\":\"string\",\"required\":false,"
  "\"datatype_description\":\"\",\"order\":3,\"description\":\"If anyone is in danger, call 911.\",\"values\":[]}]";
static const char attrs_housing[] =
  "[{\"variable\":true,\"code\":\"apartment\",\"datatype\":\"string\",\"required\":true,"
  "\"datatype_description\":\"Apartment number\",\"order\":1,\"description\":\"Apartment\",\"values\":[]},"
  "{\"variable\":true,\"code\":\"residents_affected\",\"datatype\":\"number\",\"required\":false,"
  "\"datatype_description\":\"A whole number\",\"order\":2,\"description\":\"People living there\",\"values\":[]},"
  "{\"variable\":true,\"code\":\"conditions\",\"datatype\":\"multivaluelist\",\"required\":false,"
  "\"datatype_description\":\"\",\"order\":3,\"description\":\"What is affected?\","
  "\"values\":[{\"key\":\"heat\",\"name\":\"Heat\"},{\"key\":\"hot_water\",\"name\":\"Hot water\"},"
  "{\"key\":\"both\",\"name\":\"Both\"}]}]";

char *
civic_seed_attributes_for (const char *service_name,
                           guint       index)
{
  g_autofree char *lower = g_ascii_strdown (service_name, -1);

  if (strstr (lower, "noise") != NULL)
    return g_strdup (attrs_noise);
  if (strstr (lower, "pothole") != NULL || strstr (lower, "street") != NULL ||
      strstr (lower, "sidewalk") != NULL)
    return g_strdup (attrs_street);
  if (strstr (lower, "water") != NULL || strstr (lower, "sewer") != NULL ||
      strstr (lower, "hydrant") != NULL || strstr (lower, "basin") != NULL)
    return g_strdup (attrs_water);
  if (strstr (lower, "heat") != NULL || strstr (lower, "plumbing") != NULL ||
      strstr (lower, "paint") != NULL)
    return g_strdup (attrs_housing);
  /* one in four services asks nothing beyond the basics */
  return g_strdup (index % 4 == 3 ? "[]" : attrs_general);
}

const char *const civic_seed_post_templates[] = {
  "#Today crews from @{dept} are on {street} for {case}. Expect lane closures until noon.",
  "Caller reports the same problem again at {street}: {case} #followup",
  "#potholes on {street} are back after the rain — {case} has photos.",
  "Heads up @{dept}: three calls this morning about {street}. Linked {case}. #Today",
  "#watermain break on {street}; @DEP notified, {case} open. #Today",
  "Resident on the line asking about {case} — can @{dept} give an ETA? #status",
  "#noise complaints spiking around {street} tonight. See {case}.",
  "Reminder: snow plan briefing at 9:00 in room 4B. #Today #snow",
  "Graffiti cleared at {street}, thanks @{dept}! Closing {case}. #graffiti",
  "#sanitation missed pickups on {street} again — {case}",
  "Council office asked for an update on {case} #council",
  "Streetlights out along {street}, crew dispatched. {case} #streetlights",
};
const guint civic_seed_n_post_templates = G_N_ELEMENTS (civic_seed_post_templates);

const char *const civic_seed_reply_templates[] = {
  "On it — crew assigned.",
  "We have a truck there by 2 pm.",
  "Thanks, I updated the caller.",
  "Same issue reported by two more residents.",
  "Closed on our side; please confirm with the resident.",
  "@{dept} can you take this one?",
};
const guint civic_seed_n_reply_templates = G_N_ELEMENTS (civic_seed_reply_templates);
