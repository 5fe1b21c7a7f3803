using Turtle.Cli;

// turtle: see docs/cli.md for every command, its output and the exit codes.
return await TurtleCommandLine.RunAsync(args);
