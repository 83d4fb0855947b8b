using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace SupplyGate.Tests.Shared;

/// <summary>
/// Stands in for the public advisory hosts on 127.0.0.1, under the real paths (<c>/NuGet/all.zip</c>, <c>/npm/all.zip</c>,
/// the RetireJS repository,
/// <c>/dotnet/release-metadata/…</c>, <c>/tracker/data/json</c>, <c>/v3.NN/main.json</c>) and a NuGet V3 feed with
/// a VulnerabilityInfo resource, each file in its source's real format built from tests/Fixtures. Answers
/// <c>If-None-Match</c> with 304 like the real hosts; any path can be made to fail with a status code.
/// </summary>
public sealed class PublicSourceServer : LoopbackHttpServer
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failing = new(StringComparer.Ordinal);
    private readonly List<(string Path, int Status)> _log = [];

    public PublicSourceServer()
    {
        ServeFixtures();
    }

    /// <summary>The repository's tests/Fixtures (every test project can read it, whatever it copies to its output).</summary>
    public static string FixturesRoot => Path.Combine(RepositoryPaths.Root, "tests", "Fixtures");

    /// <summary>The NuGet feed's service index, for a nuget.config.</summary>
    public string FeedIndex => BaseUrl + "feed/v3/index.json";

    public static string[] AlpinePaths { get; } =
        [.. new[] { "v3.19", "v3.20", "v3.21", "v3.22" }.SelectMany(r => new[] { $"/{r}/main.json", $"/{r}/community.json" })];

    /// <summary>Every path a default update downloads in full on its first run.</summary>
    public IReadOnlyList<string> Paths
    {
        get
        {
            lock (_files)
            {
                return [.. _files.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    public void Set(string path, byte[] content)
    {
        lock (_files)
        {
            _files[path] = content;
        }
    }

    public void Fail(string path, int status)
    {
        lock (_files)
        {
            _failing[path] = status;
        }
    }

    public void FailAll(int status)
    {
        lock (_files)
        {
            foreach (string path in _files.Keys)
            {
                _failing[path] = status;
            }
        }
    }

    /// <summary>Every path answers normally again.</summary>
    public void Recover()
    {
        lock (_files)
        {
            _failing.Clear();
        }
    }

    /// <summary>The requests so far (path, status answered), and forgets them.</summary>
    public IReadOnlyList<(string Path, int Status)> TakeLog()
    {
        lock (_files)
        {
            var log = _log.ToList();
            _log.Clear();
            return log;
        }
    }

    /// <summary>A nuget.config that clears the machine's sources and lists only this server's feed.</summary>
    public string NuGetConfig() => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="test-feed" value="{FeedIndex}" />
          </packageSources>
        </configuration>
        """;

    /// <summary>The GHSA OSV records of tests/Fixtures/ghsa/osv as osv.dev's per-ecosystem export: one &lt;id&gt;.json per record.</summary>
    public static byte[] OsvZip(IEnumerable<string> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (string file in files.Order(StringComparer.Ordinal))
            {
                ZipArchiveEntry entry = zip.CreateEntry(Path.GetFileName(file));
                using Stream stream = entry.Open();
                stream.Write(File.ReadAllBytes(file));
            }
        }

        return buffer.ToArray();
    }

    /// <summary>An Alpine secdb fixture re-labelled as another release (same layout, the release the path names).</summary>
    public static byte[] Alpine(string fixture, string release, string repository)
    {
        JsonNode node = JsonNode.Parse(File.ReadAllText(Path.Combine(FixturesRoot, "alpine-secdb", fixture)))!;
        node["distroversion"] = release;
        node["reponame"] = repository;
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    private void ServeFixtures()
    {
        string fixtures = FixturesRoot;
        Set("/NuGet/all.zip", OsvZip(Directory.GetFiles(Path.Combine(fixtures, "ghsa", "osv"), "*.json")));
        Set("/npm/all.zip", OsvZip(Directory.GetFiles(Path.Combine(fixtures, "client-libraries", "osv-npm"), "*.json")));
        Set("/RetireJS/retire.js/master/repository/jsrepository-v5.json", File.ReadAllBytes(Path.Combine(
            RepositoryPaths.Root, "src", "SupplyGate.Core", "Inventory", "ClientLibraries", "Data", "retirejs-jsrepository-v5.json")));

        // The .NET index (real, from the built-in snapshot) trimmed to the channels whose releases.json is at hand.
        string dotnet = Path.Combine(RepositoryPaths.Root, "src", "SupplyGate.Core", "Advisories", "DefaultData");
        JsonNode index = JsonNode.Parse(File.ReadAllText(Path.Combine(dotnet, "releases-index.json")))!;
        JsonArray channels = index["releases-index"]!.AsArray();
        foreach (JsonNode? channel in channels.ToList())
        {
            string version = channel!["channel-version"]!.GetValue<string>();
            string file = Path.Combine(dotnet, $"releases-{version}.json");
            if (File.Exists(file))
            {
                Set($"/dotnet/release-metadata/{version}/releases.json", File.ReadAllBytes(file));
            }
            else
            {
                channels.Remove(channel);
            }
        }

        Set("/dotnet/release-metadata/releases-index.json", Encoding.UTF8.GetBytes(index.ToJsonString()));
        Set("/tracker/data/json", File.ReadAllBytes(Path.Combine(fixtures, "debian", "tracker-sample.json")));
        foreach (string path in AlpinePaths)
        {
            string[] parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            string repository = Path.GetFileNameWithoutExtension(parts[1]);
            Set(path, Alpine(repository == "main" ? "v3.9-main.json" : "v3.3-community.json", parts[0], repository));
        }

        Set("/feed/v3/index.json", Encoding.UTF8.GetBytes($$"""
            {"version": "3.0.0", "resources": [
              {"@id": "{{BaseUrl}}feed/v3/registration/", "@type": "RegistrationsBaseUrl/3.6.0"},
              {"@id": "{{BaseUrl}}feed/v3/vulnerabilities/index.json", "@type": "VulnerabilityInfo/6.7.0", "comment": "vulnerability data"}
            ]}
            """));
        Set("/feed/v3/vulnerabilities/index.json", Encoding.UTF8.GetBytes($$"""
            [{"@name": "base", "@id": "{{BaseUrl}}feed/v3-vulnerabilities/base.json", "@updated": "2026-11-01T00:00:00Z", "comment": "The base data for vulnerability update periodically"}]
            """));
        // The same advisory GitHub's OSV record describes (GHSA-5crp-9r3c-p9vr), as nuget.org publishes it.
        Set("/feed/v3-vulnerabilities/base.json", Encoding.UTF8.GetBytes("""
            {"newtonsoft.json": [{"severity": 2, "url": "https://github.com/advisories/GHSA-5crp-9r3c-p9vr", "versions": "(, 13.0.1)"}]}
            """));
    }

    protected override async Task HandleAsync(HttpListenerContext context)
    {
        string path = context.Request.Url!.AbsolutePath;
        byte[]? body;
        int status;
        lock (_files)
        {
            status = _failing.TryGetValue(path, out int failing) ? failing : _files.ContainsKey(path) ? 200 : 404;
            body = status == 200 ? _files[path] : null;
        }

        string? etag = body is null ? null : $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..16]}\"";
        if (etag is not null && context.Request.Headers["If-None-Match"] == etag)
        {
            status = 304;
            body = null;
        }

        lock (_files)
        {
            _log.Add((path, status));
        }

        context.Response.StatusCode = status;
        if (etag is not null)
        {
            context.Response.Headers["ETag"] = etag;
        }

        byte[] bytes = body ?? (status == 304 ? [] : Encoding.UTF8.GetBytes("unavailable"));
        context.Response.ContentType = path.EndsWith(".zip", StringComparison.Ordinal) ? "application/zip" : status == 200 ? "application/json" : "text/plain";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }
}
