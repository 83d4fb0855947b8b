Console.WriteLine($"runtime {Environment.Version}");
