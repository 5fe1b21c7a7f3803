namespace Turtle.Collector.Agent;

/// <summary>A configuration the collector cannot start with; its message says why, for a person.</summary>
public sealed class SettingsException(string message) : Exception(message);
