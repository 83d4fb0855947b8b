using SupplyGate.Cli.Hosting;
using SupplyGate.Core.Advisories.Store;

namespace SupplyGate.Cli.Commands;

/// <summary>
/// Where the advisory store is: <c>--db</c>, else <c>$SUPPLYGATE_DB</c>, else <c>~/.supplygate/advisories.db</c>.
/// Reading falls back to the built-in sample only when nothing was named and the default file does not exist.
/// </summary>
internal static class DbStoreLocation
{
    public const string EnvironmentVariable = "SUPPLYGATE_DB";

    /// <summary>The store file to write (import) or read.</summary>
    public static string Resolve(CliContext context, string? option) =>
        option
        ?? NonEmpty(context.Environment.GetVariable(EnvironmentVariable))
        ?? Path.Combine(UserDirectory(context), "advisories.db");

    /// <summary>~/.supplygate: the default store and the default update sources file live here.</summary>
    public static string UserDirectory(CliContext context) => Path.Combine(Home(context), ".supplygate");

    /// <summary>Opens the store to read; the built-in sample when no store was named and none exists at the default path.</summary>
    public static AdvisoryStore OpenForReading(CliContext context, string? option)
    {
        string path = Resolve(context, option);
        bool named = option is not null || NonEmpty(context.Environment.GetVariable(EnvironmentVariable)) is not null;
        return !named && !File.Exists(path) ? AdvisoryStore.OpenDefault(context.Time) : AdvisoryStore.Open(path);
    }

    private static string Home(CliContext context) =>
        NonEmpty(context.Environment.GetVariable("HOME"))
        ?? NonEmpty(context.Environment.GetVariable("USERPROFILE"))
        ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
