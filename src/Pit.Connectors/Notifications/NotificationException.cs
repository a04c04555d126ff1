namespace Pit.Connectors.Notifications;

/// <summary>
/// A notification could not be sent, or its secret does not describe a way to send one. The message
/// is for people: it names the secret and its field, never a value (no password, no webhook URL).
/// </summary>
public class NotificationException(string message, Exception? inner = null) : Exception(message, inner);
