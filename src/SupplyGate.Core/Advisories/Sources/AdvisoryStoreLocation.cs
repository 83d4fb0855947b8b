using SupplyGate.Core.IO;

namespace SupplyGate.Core.Advisories.Sources;

/// <summary>
/// The one rule every host (the MSBuild task, check, check image, verify, db) uses to find the advisory store:
/// the explicit path (--db, SupplyGateAdvisoryDatabase), else <c>$SUPPLYGATE_DB</c>, else the user store
/// <c>~/.supplygate/advisories.db</c>. <c>$SUPPLYGATE_HOME</c> moves the user directory (CI caches, tests).
/// </summary>
public sealed record AdvisoryStoreLocation(string Path, bool Named)
{
    public const string DatabaseVariable = "SUPPLYGATE_DB";
    public const string HomeVariable = "SUPPLYGATE_HOME";
    public const string FileName = "advisories.db";

    /// <summary>Whether a store file is there; when it is not and nothing was named, readers use the built-in sample.</summary>
    public bool Exists => File.Exists(Path);

    /// <param name="explicitPath">The path the host was given, if any.</param>
    /// <param name="environment">For <c>$SUPPLYGATE_DB</c> and the user directory.</param>
    /// <param name="workingDirectory">What a relative path is relative to; default: the process's current directory.</param>
    public static AdvisoryStoreLocation Resolve(string? explicitPath, IEnvironment environment, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string baseDirectory = workingDirectory ?? Directory.GetCurrentDirectory();
        if (NonEmpty(explicitPath) is { } given)
        {
            return new AdvisoryStoreLocation(System.IO.Path.GetFullPath(given, baseDirectory), true);
        }

        return NonEmpty(environment.GetVariable(DatabaseVariable)) is { } fromEnvironment
            ? new AdvisoryStoreLocation(System.IO.Path.GetFullPath(fromEnvironment, baseDirectory), true)
            : new AdvisoryStoreLocation(System.IO.Path.Combine(UserDirectory(environment), FileName), false);
    }

    /// <summary><c>$SUPPLYGATE_HOME</c>, else <c>~/.supplygate</c>: the user store and <c>sources.txt</c> live here.</summary>
    public static string UserDirectory(IEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return NonEmpty(environment.GetVariable(HomeVariable))
            ?? System.IO.Path.Combine(
                NonEmpty(environment.GetVariable("HOME"))
                ?? NonEmpty(environment.GetVariable("USERPROFILE"))
                ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
                ".supplygate");
    }

    /// <summary>
    /// Where the built-in sample is kept as a store file (<c>AdvisoryStore.OpenDefault(time, directory)</c>):
    /// <c>$SUPPLYGATE_CACHE/advisory-sample</c>, else <c>advisory-sample</c> in <see cref="UserDirectory"/>, beside the layer cache.
    /// </summary>
    public static string SampleCacheDirectory(IEnvironment environment) =>
        System.IO.Path.Combine(NonEmpty(environment.GetVariable("SUPPLYGATE_CACHE")) ?? UserDirectory(environment), "advisory-sample");

    /// <summary>The one line hosts say when the built-in sample stands in for a missing user store.</summary>
    public static string SampleNotice(string path) =>
        $"SupplyGate: no advisory store at {path}; using the built-in sample (11 advisories, not complete). Fix: run `supplygate db update`.";

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
