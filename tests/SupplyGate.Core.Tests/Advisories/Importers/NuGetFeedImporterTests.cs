using System.Text.Json.Nodes;
using SupplyGate.Core.Advisories.Importers;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Tests.Advisories.Store;
using SupplyGate.Core.Tests.Inventory;

namespace SupplyGate.Core.Tests.Advisories.Importers;

/// <summary>The GHSA sample served as a NuGet VulnerabilityInfo feed (docs/architecture.md spec 9) by a local HTTP server.</summary>
[Trait("Category", "integration")]
public sealed class NuGetFeedImporterTests : IDisposable
{
    private static readonly string[] Severities = ["LOW", "MODERATE", "HIGH", "CRITICAL"];
    private readonly TempDirectory _dir = new();
    private readonly FeedServer _server = new();

    public void Dispose()
    {
        _server.Dispose();
        _dir.Dispose();
    }

    private string StorePath => Path.Combine(_dir.Path, "advisories.db");

    [Fact]
    public void Importing_over_http_gives_the_same_package_advisory_pairs_as_the_osv_import()
    {
        ServeFeed();
        using var http = new HttpClient();

        ImportBatch batch = StoreFixtures.Read(_server.BaseUrl + "v3/vulnerabilities/index.json", http: http);
        StoreImportResult result = AdvisoryStoreWriter.Import(StorePath, [batch], TimeProvider.System, CancellationToken.None);

        Advisory[] osv = StoreFixtures.ReadAll(StoreFixtures.GhsaJsonl).Advisories;
        using AdvisoryStore store = AdvisoryStore.Open(StorePath);
        Advisory[] fromFeed = [.. StoreFixtures.GhsaIds.SelectMany(store.FindById)];
        Assert.Equal(StoreFixtures.NuGetPairs(osv), StoreFixtures.NuGetPairs(fromFeed));
        Assert.Empty(result.Warnings);
        Assert.Equal("nuget-feed", Assert.Single(store.Info.Sources).Kind);
        Assert.Equal(["/v3/vulnerabilities/index.json", "/v3-vulnerabilities/base.json", "/v3-vulnerabilities/update.json"], _server.Requests);

        Advisory sqlClient = Assert.Single(store.FindByPackage("NuGet", "Microsoft.Data.SqlClient"), a => a.Id == "GHSA-98g6-xh36-x2p7");
        Assert.Equal(AdvisorySources.NuGetFeed, sqlClient.Source);
        Assert.Equal("https://github.com/advisories/GHSA-98g6-xh36-x2p7", Assert.Single(sqlClient.References));
        AffectedPackage affected = sqlClient.Affected.Single(p => p.Name == "microsoft.data.sqlclient");
        Assert.Equal("high", affected.Severity);
        Assert.NotEmpty(affected.NativeRanges);
    }

    [Fact]
    public void Local_index_with_relative_page_paths_gives_the_same_pairs()
    {
        (string index, string basePage, string update) = Pages("base.json", "update.json");
        File.WriteAllText(Path.Combine(_dir.Path, "index.json"), index);
        File.WriteAllText(Path.Combine(_dir.Path, "base.json"), basePage);
        File.WriteAllText(Path.Combine(_dir.Path, "update.json"), update);

        Advisory[] advisories = StoreFixtures.ReadAll(Path.Combine(_dir.Path, "index.json")).Advisories;

        Assert.Equal(StoreFixtures.NuGetPairs(StoreFixtures.ReadAll(StoreFixtures.GhsaJsonl).Advisories), StoreFixtures.NuGetPairs(advisories));
    }

    [Theory]
    [InlineData(500, "application/json", "{}", "HTTP 500")]
    [InlineData(200, "text/html", "<html><body>Sign in</body></html>", "HTML")]
    [InlineData(200, "application/json", "  <!DOCTYPE html><html></html>", "HTML")]
    [InlineData(404, "text/plain", "gone", "HTTP 404")]
    public void Failing_page_is_SG1012_naming_the_url_and_the_store_is_untouched(int status, string contentType, string body, string expected)
    {
        StoreFixtures.Import(StorePath, StoreFixtures.GhsaJsonl);
        byte[] before = File.ReadAllBytes(StorePath);
        ServeFeed();
        _server.Serve("/v3-vulnerabilities/update.json", body, status, contentType);
        using var http = new HttpClient();

        var ex = Assert.Throws<InvalidInputException>(() => AdvisoryStoreWriter.Import(
            StorePath, [StoreFixtures.Read(_server.BaseUrl + "v3/vulnerabilities/index.json", http: http)], TimeProvider.System, CancellationToken.None));

        Assert.Equal(DiagnosticCode.AdvisorySourceFailed, ex.Code);
        Assert.Contains(_server.BaseUrl + "v3-vulnerabilities/update.json", ex.Message);
        Assert.Contains(expected, ex.Message);
        Assert.Equal(before, File.ReadAllBytes(StorePath));
        Assert.Single(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void Timeout_is_SG1012()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        // A listener that accepts and never answers.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        string url = $"http://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}/index.json";

        var ex = Assert.Throws<InvalidInputException>(() => StoreFixtures.Read(url, "nuget-feed", http));

        Assert.Equal(DiagnosticCode.AdvisorySourceFailed, ex.Code);
        Assert.Contains("timed out", ex.Message);
        Assert.Contains(url, ex.Message);
    }

    [Theory]
    [InlineData("https://github.com/advisories/GHSA-5crp-9r3c-p9vr", "GHSA-5crp-9r3c-p9vr")]
    [InlineData("https://example.com/advisory/1", "https://example.com/advisory/1")]
    public void Advisory_id_comes_from_a_github_advisory_url(string url, string id) =>
        Assert.Equal(id, SupplyGate.Core.Advisories.Importers.NuGetFeedImporter.AdvisoryId(url));

    private void ServeFeed()
    {
        (string index, string basePage, string update) = Pages(
            _server.BaseUrl + "v3-vulnerabilities/base.json", _server.BaseUrl + "v3-vulnerabilities/update.json");
        _server.Serve("/v3/vulnerabilities/index.json", index);
        _server.Serve("/v3-vulnerabilities/base.json", basePage);
        _server.Serve("/v3-vulnerabilities/update.json", update);
    }

    /// <summary>
    /// Builds the feed from the GHSA JSON lines with JsonNode, independently of the importers: the first 8
    /// advisories go to the base page, the rest (and a repeat of the first) to the update page.
    /// </summary>
    private static (string Index, string Base, string Update) Pages(string baseId, string updateId)
    {
        JsonObject[] records = File.ReadAllLines(StoreFixtures.GhsaJsonl).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        var basePage = new JsonObject();
        var update = new JsonObject();
        for (int i = 0; i < records.Length; i++)
        {
            AddTo(i < 8 ? basePage : update, records[i]);
            if (i == 0)
            {
                AddTo(update, records[i]);
            }
        }

        var index = new JsonArray(
            new JsonObject { ["@name"] = "base", ["@id"] = baseId, ["@updated"] = "2024-10-09T00:00:00Z" },
            new JsonObject { ["@name"] = "update", ["@id"] = updateId, ["@updated"] = "2024-10-10T00:00:00Z" });
        return (index.ToJsonString(), basePage.ToJsonString(), update.ToJsonString());
    }

    private static void AddTo(JsonObject page, JsonObject record)
    {
        string id = record["id"]!.GetValue<string>();
        int severity = Math.Max(0, Array.IndexOf(Severities, record["database_specific"]?["severity"]?.GetValue<string>()));
        foreach (JsonNode? affected in record["affected"]!.AsArray())
        {
            if (affected!["package"]!["ecosystem"]!.GetValue<string>() != "NuGet")
            {
                continue;
            }

            string key = affected["package"]!["name"]!.GetValue<string>().ToLowerInvariant();
            var entries = page[key]?.AsArray() ?? [];
            page[key] = entries;
            foreach (string range in NuGetRanges(affected))
            {
                entries.Add(new JsonObject { ["severity"] = severity, ["url"] = $"https://github.com/advisories/{id}", ["versions"] = range });
            }
        }
    }

    private static IEnumerable<string> NuGetRanges(JsonNode affected)
    {
        string? lastKnown = affected["database_specific"]?["last_known_affected_version_range"]?.GetValue<string>();
        foreach (JsonNode? range in affected["ranges"]?.AsArray() ?? [])
        {
            string? introduced = null;
            foreach (JsonNode? e in range!["events"]!.AsArray())
            {
                (string kind, string version) = e!.AsObject().Select(p => (p.Key, p.Value!.GetValue<string>())).Single();
                string low = introduced is null or "0" ? "(" : $"[{introduced}";
                switch (kind)
                {
                    case "introduced":
                        introduced = version;
                        continue;
                    case "fixed":
                        yield return $"{low}, {version})";
                        break;
                    case "last_affected":
                        yield return $"{low}, {version}]";
                        break;
                }

                introduced = null;
            }

            if (introduced is not null)
            {
                string low = introduced == "0" ? "(" : $"[{introduced}";
                yield return lastKnown switch
                {
                    null => introduced == "0" ? "(, )" : introduced,
                    _ when lastKnown.StartsWith("<=", StringComparison.Ordinal) => $"{low}, {lastKnown[2..].Trim()}]",
                    _ => $"{low}, {lastKnown.TrimStart('<').Trim()})",
                };
            }
        }

        foreach (JsonNode? version in affected["versions"]?.AsArray() ?? [])
        {
            yield return $"[{version!.GetValue<string>()}]";
        }
    }
}
