using SupplyGate.Cli.Hosting;
using SupplyGate.Core.Advisories.Sources;
using SupplyGate.Core.Advisories.Store;

namespace SupplyGate.Cli.Commands;

/// <summary>
/// Where the advisory store is (<see cref="AdvisoryStoreLocation"/>, the rule the MSBuild task uses too):
/// <c>--db</c>, else <c>$SUPPLYGATE_DB</c>, else <c>~/.supplygate/advisories.db</c>. Reading falls back to the
/// built-in sample only when nothing was named and the user store does not exist, and says so once.
/// </summary>
internal static class DbStoreLocation
{
    public const string EnvironmentVariable = AdvisoryStoreLocation.DatabaseVariable;

    /// <summary>The store file to write (import) or read.</summary>
    public static string Resolve(CliContext context, string? option) => AdvisoryStoreLocation.Resolve(option, context.Environment, context.WorkingDirectory).Path;

    /// <summary>~/.supplygate (or $SUPPLYGATE_HOME): the default store and the default update sources file live here.</summary>
    public static string UserDirectory(CliContext context) => AdvisoryStoreLocation.UserDirectory(context.Environment);

    /// <summary>Opens the store to read; the built-in sample when no store was named and none exists at the default path.</summary>
    public static AdvisoryStore OpenForReading(CliContext context, string? option)
    {
        AdvisoryStoreLocation location = AdvisoryStoreLocation.Resolve(option, context.Environment, context.WorkingDirectory);
        if (!location.Named && !location.Exists)
        {
            context.Console.Info(AdvisoryStoreLocation.SampleNotice(location.Path));
            // Read from the user's cache after the first run, as the build does: building it costs most of a verify.
            return AdvisoryStore.OpenDefault(context.Time, AdvisoryStoreLocation.SampleCacheDirectory(context.Environment));
        }

        return AdvisoryStore.Open(location.Path);
    }
}
