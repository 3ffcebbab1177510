package org.concoord.client;

/**
 * The replicated object's method threw an exception that the client cannot recreate: its class is
 * not loadable here, is not a Throwable, or has no public (String) constructor. It carries the
 * remote class name and message. (An exception the client can recreate is rethrown as itself.) The
 * call did execute, and whatever it changed before throwing stays changed.
 */
public class ConcoordRemoteException extends ConcoordException {
  private static final long serialVersionUID = 1L;

  private final String remoteType;
  private final String remoteMessage;

  public ConcoordRemoteException(String remoteType, String remoteMessage) {
    super(remoteType + (remoteMessage == null ? "" : ": " + remoteMessage));
    this.remoteType = remoteType;
    this.remoteMessage = remoteMessage;
  }

  /** The fully qualified class name of the exception the object threw. */
  public String remoteType() {
    return remoteType;
  }

  /** Its message, or null if it had none. */
  public String remoteMessage() {
    return remoteMessage;
  }
}
