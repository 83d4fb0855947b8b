using SupplyGate.Core.Advisories.Distribution;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Core.Oci.Registry;

namespace SupplyGate.Core.Advisories.Sources;

/// <summary>
/// The advisory update as one entry point per path, for every host: from the public sources (incrementally, each
/// asked only whether it changed) or from configured mirrors (the first that answers). Hosts only map options in
/// and the result out (docs/architecture.md).
/// </summary>
public static class AdvisoryUpdate
{
    /// <summary>
    /// Updates <paramref name="storePath"/> from the public sources; the NuGet feeds come from the NuGet.Config
    /// files that apply in <paramref name="workingDirectory"/>. Problems with those files are given to
    /// <paramref name="warn"/> before any source is asked; a failed source is a warning in the result.
    /// </summary>
    public static async Task<IncrementalUpdateResult> FromPublicSourcesAsync(
        string storePath,
        string workingDirectory,
        IEnvironment environment,
        TimeSpan requestTimeout,
        IncrementalUpdateOptions updateOptions,
        TimeProvider time,
        Action<Warning> warn,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warn);
        using DefaultUpdateSources defaults = DefaultUpdateSources.Create(workingDirectory, environment, requestTimeout, time);
        foreach (Warning warning in defaults.Warnings)
        {
            warn(warning);
        }

        return await new IncrementalUpdater(time)
            .UpdateAsync(storePath, defaults.Sources, updateOptions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Updates <paramref name="storePath"/> from the first of <paramref name="mirrors"/> that answers (one registry
    /// client per host, configured from <paramref name="environment"/>); the mirrors that failed before it are in
    /// the result's failures. Throws SG1023 when none answered.
    /// </summary>
    public static async Task<AdvisoryDbUpdateResult> FromMirrorsAsync(
        string storePath,
        IReadOnlyList<AdvisoryDbSourceSpec> mirrors,
        IEnvironment environment,
        AdvisoryDbPullOptions options,
        TimeSpan requestTimeout,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mirrors);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var registries = new Dictionary<string, IRegistryClient>(StringComparer.OrdinalIgnoreCase);
        IRegistryClient RegistryFor(string host) =>
            registries.TryGetValue(host, out IRegistryClient? client)
                ? client
                : registries[host] = new RegistryClient(host, http, RegistryClientEnvironment.Options(environment, time));
        var sources = mirrors.Select(spec => AdvisoryDbSources.Create(spec, RegistryFor, http, options, requestTimeout, time)).ToList();
        return await new AdvisoryDbUpdater(sources).UpdateAsync(storePath, cancellationToken).ConfigureAwait(false);
    }
}
