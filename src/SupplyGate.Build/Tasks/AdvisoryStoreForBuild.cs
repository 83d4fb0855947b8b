using System.Globalization;
using Microsoft.Build.Framework;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Sources;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Build.Tasks;

/// <summary>
/// The store a build judges with: the same one the CLI reads (<see cref="AdvisoryStoreLocation"/>), refreshed
/// when its sources were checked longer than the TTL ago (<see cref="StoreRefresh"/>), once per build however
/// many projects and images are gated: the outcome is kept as a build-lifetime task object, so the refresh
/// and the "sample" notice happen once. A fresh store costs no network call; a failed refresh is a warning.
/// </summary>
internal static class AdvisoryStoreForBuild
{
    /// <summary>The store this task judges with (a relative path is relative to the process's directory).</summary>
    public static AdvisoryStoreLocation Locate(CheckSbom task) => AdvisoryStoreLocation.Resolve(task.AdvisoryDatabase, new MSBuildEnvironment());

    /// <summary>Whether <see cref="Open"/> would ask the advisory sources now (updates on, and the last check older than the TTL).</summary>
    public static bool RefreshDue(CheckSbom task, AdvisoryStoreLocation location) =>
        !string.Equals(task.AdvisoryUpdate, "false", StringComparison.OrdinalIgnoreCase)
        && StoreRefresh.IsDue(location.Path, Ttl(task), task.Time);

    /// <summary>The built-in sample's notice, once per build, when the sample stands in for a missing user store.</summary>
    public static void NoticeSample(CheckSbom task, AdvisoryStoreLocation location)
    {
        if (!location.Named && !location.Exists && First(task, location))
        {
            task.Log.LogMessage(MessageImportance.High, "{0}", AdvisoryStoreLocation.SampleNotice(location.Path));
        }
    }

    public static IAdvisoryStore Open(CheckSbom task, AdvisoryStoreLocation location, CancellationToken cancellationToken)
    {
        var environment = new MSBuildEnvironment();
        bool first = First(task, location);
        if (first && !string.Equals(task.AdvisoryUpdate, "false", StringComparison.OrdinalIgnoreCase))
        {
            Refresh(task, location, environment, cancellationToken);
        }

        if (!location.Named && !location.Exists)
        {
            if (first)
            {
                task.Log.LogMessage(MessageImportance.High, "{0}", AdvisoryStoreLocation.SampleNotice(location.Path));
            }

            // Every publish is a new process: the sample is read from the user's cache, not rebuilt each time.
            return AdvisoryStore.OpenDefault(task.Time, AdvisoryStoreLocation.SampleCacheDirectory(environment));
        }

        return AdvisoryStore.Open(location.Path);
    }

    /// <summary>True for the first gate of this build to use <paramref name="location"/> (and marks it used).</summary>
    private static bool First(CheckSbom task, AdvisoryStoreLocation location)
    {
        string key = "SupplyGate.AdvisoryStore:" + location.Path;
        IBuildEngine4? engine = task.BuildEngine as IBuildEngine4;
        bool first = engine?.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.Build) is null;
        if (first)
        {
            engine?.RegisterTaskObject(key, new object(), RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
        }

        return first;
    }

    private static TimeSpan Ttl(CheckSbom task)
    {
        if (string.IsNullOrWhiteSpace(task.AdvisoryUpdateTtlHours))
        {
            return UpdateTtl.Default;
        }

        return double.TryParse(task.AdvisoryUpdateTtlHours, NumberStyles.Float, CultureInfo.InvariantCulture, out double hours) && hours >= 0
            ? TimeSpan.FromHours(hours)
            : throw new InvalidInputException(
                DiagnosticCode.InvalidConfiguration, $"SupplyGateAdvisoryUpdateTtl '{task.AdvisoryUpdateTtlHours}': expected a number of hours (24)");
    }

    private static void Refresh(CheckSbom task, AdvisoryStoreLocation location, MSBuildEnvironment environment, CancellationToken cancellationToken)
    {
        TimeSpan ttl = Ttl(task);
        string workingDirectory = string.IsNullOrEmpty(task.ProjectFile) ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(task.ProjectFile))!;
        StoreRefreshResult result = StoreRefresh.RunAsync(location.Path, workingDirectory, environment, new StoreRefreshOptions { Ttl = ttl }, task.Time, cancellationToken)
            .GetAwaiter().GetResult();
        foreach (Warning warning in result.Warnings)
        {
            task.Log.LogWarning(null, warning.Code, null, warning.Path, 0, 0, 0, 0, "{0}", warning.Message);
        }

        task.Log.LogMessage(result.AskedSources ? MessageImportance.High : MessageImportance.Normal, "SupplyGate: {0}", result.Summary);
    }
}
