using System.CommandLine;
using System.Runtime.InteropServices;
using SupplyGate.Cli.Commands;
using SupplyGate.Cli.Hosting;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Ctrl-C (SIGINT) and SIGTERM cancel the command's token; the command then removes what it had started
        // to write, prints "cancelled" and exits 130. A second signal is not intercepted and ends the process.
        using var cancellation = new CancellationTokenSource();
        void OnSignal(PosixSignalContext signal)
        {
            signal.Cancel = !cancellation.IsCancellationRequested;
            cancellation.Cancel();
        }

        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        return await Run(args, new CliConsole(Console.Out, Console.Error), new SystemEnvironment(), TimeProvider.System, cancellationToken: cancellation.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// The whole CLI with its I/O injected; tests call this in-process. Relative paths in <paramref name="args"/>
    /// are resolved against <paramref name="workingDirectory"/> (default: the process's current directory).
    /// </summary>
    internal static async Task<int> Run(string[] args, CliConsole console, Core.IO.IEnvironment environment, TimeProvider time, string? workingDirectory = null, CancellationToken cancellationToken = default)
    {
        // Input size limits for this run (docs/limits.md); the scope ends when Run returns.
        InputLimits limits;
        try
        {
            limits = InputLimits.FromEnvironment(environment);
        }
        catch (SupplyGateException ex)
        {
            return (int)console.Fail(ex);
        }

        using IDisposable scope = InputLimits.Use(limits);
        var context = new CliContext(console, environment, time, workingDirectory);
        (RootCommand root, Option<bool> verbose, Option<bool> quiet) = CreateRoot(context, VerbOf(args));
        ParseResult parsed = root.Parse(args);
        console.Verbose = parsed.GetValue(verbose);
        console.Quiet = parsed.GetValue(quiet);
        if (parsed.Errors.Count > 0)
        {
            // System.CommandLine exits 1 on parse errors; 1 means "policy denied" here, so report usage errors as 2.
            foreach (var error in parsed.Errors)
            {
                console.Error.WriteLine($"error: {error.Message}");
            }

            // Point at the help of the verb that failed, not the top-level list of verbs.
            string verb = string.Join(' ', parsed.CommandResult.Command is RootCommand ? [] : CommandPath(parsed.CommandResult));
            console.Error.WriteLine(verb.Length == 0 ? "Run 'supplygate --help' for usage." : $"Run 'supplygate {verb} --help' for usage.");
            return (int)ExitCode.InputError;
        }

        // No ProcessTerminationTimeout: System.CommandLine's own handler would return 130 after 2 s while the
        // command still runs, so the process exits before it can remove its temporary files.
        return await parsed.InvokeAsync(
            new InvocationConfiguration { Output = console.Output, Error = console.Error, ProcessTerminationTimeout = null },
            cancellationToken).ConfigureAwait(false);
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = result; r is System.CommandLine.Parsing.CommandResult { Command: not RootCommand } c; r = c.Parent)
        {
            names.Push(c.Command.Name);
        }

        return names;
    }

    /// <summary>
    /// The top-level verbs in the order help lists them. A run names one verb, and building the others' options,
    /// validators and subcommands is start-up time every run would pay (docs/performance.md).
    /// </summary>
    internal static readonly IReadOnlyList<(string Name, Func<CliContext, Command> Create)> Verbs =
    [
        ("sbom", SbomCommand.Create),
        ("check", CheckCommand.Create),
        ("verify", VerifyCommand.Create),
        ("serve", ServeCommand.Create),
        ("verify-bundle", VerifyBundleCommand.Create),
        ("attestations", AttestationsCommand.Create),
        ("sign", AttestCommand.CreateSign),
        ("attest", AttestCommand.CreateAttest),
        ("db", DbCommand.Create),
        ("policy", PolicyCommand.Create),
        ("ca", CaCommand.Create),
        ("tsa", TsaCommand.Create),
    ];

    /// <summary>
    /// The verb the arguments start with: the first token that is not an option (the root has only flags, so no
    /// option value comes before the verb), when it is one of <see cref="Verbs"/>; else null (help, a typo, a
    /// response file), which needs the whole tree.
    /// </summary>
    internal static string? VerbOf(IReadOnlyList<string> args)
    {
        string? first = args.FirstOrDefault(a => !a.StartsWith('-'));
        return first is not null && Verbs.Any(v => v.Name == first) ? first : null;
    }

    /// <summary>
    /// The command tree; also walked by the tests that hold every verb to the same conventions. With
    /// <paramref name="only"/>, the root carries that verb alone: the parse, errors and help of a command
    /// below it are the same, and the verbs it does not name are never built.
    /// </summary>
    internal static (RootCommand Root, Option<bool> Verbose, Option<bool> Quiet) CreateRoot(CliContext context, string? only = null)
    {
        var verbose = new Option<bool>("--verbose") { Description = "Print stack traces with errors.", Recursive = true };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only errors and results.", Recursive = true };
        var root = new RootCommand("SupplyGate: SBOMs, the policy gate, signing and verification for .NET apps and images.")
        {
            verbose,
            quiet,
        };
        foreach ((string name, Func<CliContext, Command> create) in Verbs)
        {
            if (only is null || only == name)
            {
                root.Subcommands.Add(create(context));
            }
        }

        return (root, verbose, quiet);
    }
}
