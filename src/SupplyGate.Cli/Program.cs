using System.CommandLine;
using SupplyGate.Cli.Commands;
using SupplyGate.Cli.Hosting;

namespace SupplyGate.Cli;

internal static class Program
{
    public static Task<int> Main(string[] args) =>
        Run(args, new CliConsole(Console.Out, Console.Error), new SystemEnvironment(), TimeProvider.System);

    /// <summary>The whole CLI with its I/O injected; tests call this in-process.</summary>
    internal static Task<int> Run(string[] args, CliConsole console, Core.IO.IEnvironment environment, TimeProvider time)
    {
        var context = new CliContext(console, environment, time);
        (RootCommand root, Option<bool> verbose, Option<bool> quiet) = CreateRoot(context);
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

            console.Error.WriteLine("Run 'supplygate --help' for usage.");
            return Task.FromResult((int)ExitCode.InputError);
        }

        return parsed.InvokeAsync(new InvocationConfiguration { Output = console.Output, Error = console.Error });
    }

    /// <summary>The command tree; also walked by the tests that hold every verb to the same conventions.</summary>
    internal static (RootCommand Root, Option<bool> Verbose, Option<bool> Quiet) CreateRoot(CliContext context)
    {
        var verbose = new Option<bool>("--verbose") { Description = "Print stack traces with errors.", Recursive = true };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only errors and results.", Recursive = true };
        var root = new RootCommand("SupplyGate: SBOMs, the policy gate, signing and verification for .NET apps and images.")
        {
            verbose,
            quiet,
            SbomCommand.Create(context),
            CheckCommand.Create(context),
            VerifyCommand.Create(context),
            VerifyBundleCommand.Create(context),
            AttestationsCommand.Create(context),
            AttestCommand.CreateSign(context),
            AttestCommand.CreateAttest(context),
            DbCommand.Create(context),
            PolicyCommand.Create(context),
            CaCommand.Create(context),
            TsaCommand.Create(context),
        };
        return (root, verbose, quiet);
    }
}
