using Microsoft.Build.Utilities;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Build.Tasks;

/// <summary>
/// A typed failure as MSBuild errors: the file, line and column go into MSBuild's own location fields (so an IDE
/// can jump there), the message stays plain, and every further error of the same input is logged too.
/// </summary>
internal static class ExceptionLog
{
    public static void LogErrors(TaskLoggingHelper log, SupplyGateException exception, string? fallbackFile)
    {
        foreach (SupplyGateException each in exception.All)
        {
            bool located = each.Line > 0 && each.Detail is not null;
            log.LogError(
                null,
                each.Code,
                null,
                each.Path ?? fallbackFile,
                each.Line,
                each.Column,
                0,
                0,
                "{0}",
                located ? each.Detail : each.Message);
        }
    }
}
