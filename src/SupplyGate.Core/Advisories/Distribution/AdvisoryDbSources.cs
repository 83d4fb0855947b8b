using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Registry;

namespace SupplyGate.Core.Advisories.Distribution;

/// <summary>One place <c>db update</c> can get a store from.</summary>
public interface IAdvisoryDbSource
{
    /// <summary>The source as configured (an OCI reference or a URL), for messages and the cache.</summary>
    string Name { get; }

    /// <summary>
    /// Installs the source's store at <paramref name="destination"/> unless it is the one <paramref name="cached"/>
    /// describes. Throws (SupplyGateException, HttpRequestException, …) when the source fails; the destination is
    /// then unchanged.
    /// </summary>
    Task<AdvisoryDbFetchResult> FetchAsync(AdvisoryDbCacheEntry? cached, string destination, CancellationToken cancellationToken);
}

/// <summary>The outcome of one source: whether a new store was installed, and what to remember.</summary>
public sealed record AdvisoryDbFetchResult(bool Changed, AdvisoryDbCacheEntry Entry, StoreInfo? Info);

/// <summary>A configured source, classified: an http(s) URL or an OCI reference.</summary>
public sealed record AdvisoryDbSourceSpec(string Text, Uri? Url, ImageReference? Reference);

/// <summary>
/// Parses source lists: a config file (one source per line, <c>#</c> comments), an environment variable (split at
/// ';', as DOTNET_CONTAINER_INSECURE_REGISTRIES is), or single options. A source is an http(s) URL of a store
/// file (gzip or plain SQLite), or an OCI reference, optionally written <c>oci://registry/repo:tag</c>.
/// </summary>
public static class AdvisoryDbSources
{
    private const string OciScheme = "oci://";

    public static IReadOnlyList<AdvisoryDbSourceSpec> ParseLines(string text, string origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => Parse(line, origin))
            .ToList();
    }

    public static IReadOnlyList<AdvisoryDbSourceSpec> ParseList(string? value, string origin) =>
        (value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(item => Parse(item, origin))
            .ToList();

    public static AdvisoryDbSourceSpec Parse(string text, string origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Uri.TryCreate(text, UriKind.Absolute, out Uri? url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
        {
            return new AdvisoryDbSourceSpec(text, url, null);
        }

        string reference = text.StartsWith(OciScheme, StringComparison.OrdinalIgnoreCase) ? text[OciScheme.Length..] : text;
        return ImageReference.TryParse(reference, out ImageReference? parsed, out string? error)
            ? new AdvisoryDbSourceSpec(text, null, parsed)
            : throw new InvalidInputException(
                DiagnosticCode.InvalidConfiguration, $"{origin}: source '{text}' is neither an http(s) URL nor an OCI reference ({error})");
    }

    /// <summary>Builds the source for a spec; <paramref name="registryFor"/> gives a client per registry host.</summary>
    public static IAdvisoryDbSource Create(
        AdvisoryDbSourceSpec spec, Func<string, IRegistryClient> registryFor, HttpClient http, AdvisoryDbPullOptions options, TimeSpan requestTimeout, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(registryFor);
        return spec.Url is { } url
            ? new HttpAdvisoryDbSource(http, url, options, requestTimeout, time)
            : new OciAdvisoryDbSource(registryFor(spec.Reference!.Registry), spec.Reference, options, time);
    }
}

/// <summary>
/// A store artifact in a registry. Unchanged when the tag's manifest digest (HEAD, which registries such as
/// Docker Hub do not count against pull limits) is the cached one; otherwise pulled by that digest, so a tag
/// moving during the pull cannot mix two versions.
/// </summary>
internal sealed class OciAdvisoryDbSource(IRegistryClient registry, ImageReference reference, AdvisoryDbPullOptions? options, TimeProvider time) : IAdvisoryDbSource
{
    private readonly AdvisoryDbPuller _puller = new(registry, options);

    public string Name { get; } = AdvisoryDbPusher.Describe(reference);

    public async Task<AdvisoryDbFetchResult> FetchAsync(AdvisoryDbCacheEntry? cached, string destination, CancellationToken cancellationToken)
    {
        Digest current = await _puller.ResolveAsync(reference, cancellationToken).ConfigureAwait(false)
            ?? throw new RegistryException($"{Name}: not found (404)", registry.Registry, reference.Repository, 404, ["MANIFEST_UNKNOWN"]);

        // Content addressing: the same digest from another mirror is the same store.
        if (cached?.ManifestDigest == current.ToString())
        {
            return new AdvisoryDbFetchResult(false, cached, null);
        }

        AdvisoryDbPullResult pulled = await _puller.PullAsync(reference with { Digest = current }, destination, cancellationToken).ConfigureAwait(false);
        var entry = new AdvisoryDbCacheEntry
        {
            Source = Name,
            ManifestDigest = pulled.ManifestDigest.ToString(),
            StoreDigest = pulled.Store.StoreDigest.ToString(),
            UpdatedAt = time.GetUtcNow(),
        };
        return new AdvisoryDbFetchResult(true, entry, pulled.Store.Info);
    }
}
