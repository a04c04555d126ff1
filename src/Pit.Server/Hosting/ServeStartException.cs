namespace Pit.Server.Hosting;

/// <summary><c>pit serve</c> could not start (the port is taken, say); the message says why, for a person.</summary>
public sealed class ServeStartException(string message, Exception? inner = null) : Exception(message, inner);
