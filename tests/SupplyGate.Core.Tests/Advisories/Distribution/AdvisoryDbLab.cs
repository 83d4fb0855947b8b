using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;
using SupplyGate.Core.Advisories.Distribution;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Registry;
using SupplyGate.Core.Tests.Advisories.Store;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Advisories.Distribution;

[CollectionDefinition(Name)]
public sealed class AdvisoryDbLabCollection : ICollectionFixture<AdvisoryDbLab>
{
    public const string Name = "advisory-db-lab";
}

/// <summary>
/// A real docker-registry 2.8 (LocalRegistry) and two different stores built from the GHSA fixtures at fixed
/// times: A (the OSV directory, built 2026-11-01) and B (the JSON lines sample, built 2026-10-01).
/// </summary>
public sealed class AdvisoryDbLab : IDisposable
{
    public AdvisoryDbLab()
    {
        StoreA = Work.Combine("a.db");
        StoreB = Work.Combine("b.db");
        StoreFixtures.Import(StoreA, StoreFixtures.GhsaDirectory, new FixedTime(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero)));
        StoreFixtures.Import(StoreB, StoreFixtures.GhsaJsonl, new FixedTime(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    public LocalRegistry Registry { get; } = new();

    public TempDirectory Work { get; } = new("sg-advdb-lab");

    public string StoreA { get; }

    public string StoreB { get; }

    /// <summary>A client for the lab registry over <paramref name="http"/> (which may count requests).</summary>
    public RegistryClient Client(HttpClient http) => new(Registry.Host, http, new RegistryClientOptions { RequestTimeout = TimeSpan.FromSeconds(30) });

    public ImageReference Reference(string repositoryAndTag) => ImageReference.Parse($"{Registry.Host}/{repositoryAndTag}");

    public static string Sha256(string path) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>A copy of <paramref name="store"/> in a fresh directory, as the destination a pull must not damage.</summary>
    public static string CopyTo(TempDirectory directory, string store, string name = "advisories.db")
    {
        string path = directory.Combine(name);
        File.Copy(store, path, overwrite: true);
        return path;
    }

    /// <summary>Pushes a hand-made artifact: <paramref name="layer"/> as the store layer and a manifest claiming the given store digest and size.</summary>
    public static async Task<Digest> PushCraftedAsync(
        IRegistryClient client, ImageReference target, byte[] layer, Digest claimedStoreDigest, long claimedStoreSize, string layerMediaType = AdvisoryDbArtifact.LayerMediaType)
    {
        Digest empty = Digest.Sha256(AdvisoryDbArtifact.EmptyConfig.Span);
        using (var config = new MemoryStream(AdvisoryDbArtifact.EmptyConfig.ToArray()))
        {
            await client.Blobs.PushAsync(target.Repository, empty, config, config.Length, CancellationToken.None);
        }

        var descriptor = new Descriptor { MediaType = layerMediaType, Digest = Digest.Sha256(layer), Size = layer.Length };
        using (var content = new MemoryStream(layer))
        {
            await client.Blobs.PushAsync(target.Repository, descriptor.Digest, content, layer.Length, CancellationToken.None);
        }

        var info = new Core.Advisories.StoreInfo { SchemaVersion = 2, BuiltAt = DateTimeOffset.UnixEpoch, Location = "crafted" };
        byte[] manifest = AdvisoryDbArtifact.WriteManifest(descriptor, claimedStoreDigest, claimedStoreSize, info);
        ManifestPushResult pushed = await client.Manifests.PutAsync(target.Repository, target.Tag!, MediaTypes.OciManifest, manifest, null, CancellationToken.None);
        return pushed.Digest;
    }

    /// <summary>The gzip of a file, as the pusher makes it.</summary>
    public async Task<byte[]> GzipAsync(string path)
    {
        string target = Work.Combine($"{Guid.NewGuid():N}.gz");
        await DeterministicGzip.CompressFileAsync(path, target, CancellationToken.None);
        return await File.ReadAllBytesAsync(target);
    }

    /// <summary>A tiny gzip that expands to <paramref name="size"/> zero bytes.</summary>
    public static byte[] ZeroBomb(long size)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            byte[] zeros = new byte[1024 * 1024];
            for (long written = 0; written < size; written += zeros.Length)
            {
                gzip.Write(zeros);
            }
        }

        return output.ToArray();
    }

    public void Dispose()
    {
        Registry.Dispose();
        Work.Dispose();
    }
}

/// <summary>Records "METHOD /path" for every request sent through it.</summary>
public sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    public ConcurrentQueue<string> Requests { get; } = new();

    public int Count(string method, string pathPart) =>
        Requests.Count(r => r.StartsWith(method + " ", StringComparison.Ordinal) && r.Contains(pathPart, StringComparison.Ordinal));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue($"{request.Method} {request.RequestUri!.AbsolutePath}");
        return base.SendAsync(request, cancellationToken);
    }
}
