using System.Text.Json.Nodes;
using GuestAccess.Server.IntegrationTests.Infrastructure;

namespace GuestAccess.Server.IntegrationTests.Bookings.Support;

/// <summary>
/// The shipped seeds plus what booking tests need: more citizens (so tests never share a
/// citizen's booking cap), a roomier cap at Dokk1, and "Grænsebyen", a library whose hours put
/// DST changes, midnight and closing time where the tests can reach them.
/// </summary>
public static class BookingSeeds
{
    public const string Password = "Demo-2026!";
    public const int Citizens = 12;

    /// <summary>A test citizen, born 1980 (over every minimum age).</summary>
    public static string Citizen(int n) => $"borger{n}@test.guestaccess.dk";

    /// <summary>Weekdays: self-service 07–22, staffed 10–18. Weekends: the building is open around the clock. No holiday closures.</summary>
    public const string Graense = """
        {
          "slug": "graense",
          "name": "Grænsebyen Bibliotek",
          "timeZone": "Europe/Copenhagen",
          "minimumAge": 15,
          "policy": { "maxActiveBookingsPerCitizen": 100, "keyGraceBeforeMinutes": 15, "keyGraceAfterMinutes": 15 },
          "openingHours": {
            "weekly": [
              { "days": "mon-fri", "selfService": "07:00-22:00", "staffed": "10:00-18:00" },
              { "days": "sat-sun", "buildingOnly": "00:00-24:00" }
            ],
            "closedOnPublicHolidays": false,
            "closedOnCustomaryDays": false
          },
          "doors": [ { "slug": "graense-indgang", "name": "Indgang", "kind": "entrance" } ],
          "rooms": [
            {
              "slug": "graense-aftenrum",
              "name": "Aftenrummet",
              "capacity": 10,
              "doors": [ { "slug": "graense-aftenrum-doer", "name": "Aftenrummet, dør" } ],
              "rules": { "minDurationMinutes": 15, "maxDurationMinutes": 600, "slotMinutes": 15, "minNoticeMinutes": 15, "maxHorizonDays": 400, "bookableHours": "unstaffedOnly" }
            }
          ]
        }
        """;

    public static SeedFiles Create()
    {
        var seeds = new SeedFiles();
        File.WriteAllText(seeds.Site("graense"), Graense);
        seeds.Edit(seeds.Site("dokk1"), json =>
        {
            var site = JsonNode.Parse(json)!.AsObject();
            site["policy"] = new JsonObject { ["maxActiveBookingsPerCitizen"] = 100 };
            return site.ToJsonString();
        });
        seeds.Edit(seeds.Accounts, json =>
        {
            var root = JsonNode.Parse(json)!.AsObject();
            var accounts = root["accounts"]!.AsArray();
            for (var n = 1; n <= Citizens; n++)
            {
                accounts.Add(new JsonObject
                {
                    ["email"] = Citizen(n),
                    ["displayName"] = $"Test Borger {n}",
                    ["password"] = Password,
                    ["dateOfBirth"] = "1980-01-01",
                    ["roles"] = new JsonArray(new JsonObject { ["role"] = "citizen" }),
                });
            }

            return root.ToJsonString();
        });
        return seeds;
    }
}
