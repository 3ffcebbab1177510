package org.concoord.runtime.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sets up a process's logging: everything (the code's {@code java.util.logging} calls, bridged by
 * jul-to-slf4j, and the libraries' SLF4J calls) goes to Logback, as text or as one JSON object per
 * line, to standard error or to a file that rotates. The node thread's MDC carries node, role,
 * ballot, slot and method ({@link NodeLogContext}).
 */
public final class LogSetup {
  /** The text format: time, level, thread, logger, the node's MDC fields, message. */
  static final String TEXT_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] "
          + "%logger{0}%replace( node=%X{node}){' node=$', ''}"
          + "%replace( ballot=%X{ballot}){' ballot=$', ''}"
          + "%replace( slot=%X{slot}){' slot=$', ''}%replace( method=%X{method}){' method=$', ''}"
          + " - %msg%n%ex";

  /** A rotated log file: at most this large before it rolls. */
  public static final String FILE_SIZE_MAX = "10MB";

  /** Rolled files kept beside the live one ({@code FILE.1} ... {@code FILE.5}). */
  public static final int FILES_KEPT = 5;

  /** The formats {@code --log-format} accepts. */
  public enum Format {
    TEXT,
    JSON;

    public static Format parse(String text) {
      try {
        return valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--log-format must be json or text, got '" + text + "'");
      }
    }
  }

  private LogSetup() {}

  /**
   * Routes all logging to Logback in {@code format}, to {@code file} (rotated by size) or, if null,
   * to standard error. May be called again to change it.
   */
  public static synchronized void configure(Format format, Path file) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    LevelChangePropagator propagator = new LevelChangePropagator();
    propagator.setContext(context);
    propagator.setResetJUL(true);
    context.addListener(propagator);
    propagator.start();

    OutputStreamAppender<ILoggingEvent> appender =
        file == null ? console(context) : rolling(context, file);
    appender.setEncoder(encoder(context, format));
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(appender);

    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, Format format) {
    if (format == Format.JSON) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(context);
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.setWithContext(false);
      json.setWithArguments(false);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern(TEXT_PATTERN);
    text.start();
    return text;
  }

  private static OutputStreamAppender<ILoggingEvent> console(LoggerContext context) {
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("console");
    console.setTarget("System.err");
    return console;
  }

  private static OutputStreamAppender<ILoggingEvent> rolling(LoggerContext context, Path file) {
    RollingFileAppender<ILoggingEvent> rolling = new RollingFileAppender<>();
    rolling.setContext(context);
    rolling.setName("file");
    rolling.setFile(file.toString());
    FixedWindowRollingPolicy policy = new FixedWindowRollingPolicy();
    policy.setContext(context);
    policy.setParent(rolling);
    policy.setFileNamePattern(file + ".%i");
    policy.setMinIndex(1);
    policy.setMaxIndex(FILES_KEPT);
    policy.start();
    SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
    trigger.setContext(context);
    trigger.setMaxFileSize(FileSize.valueOf(FILE_SIZE_MAX));
    // Logback looks at the file's size at most this often (its default is a minute).
    trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildByMilliseconds(100));
    trigger.start();
    rolling.setRollingPolicy(policy);
    rolling.setTriggeringPolicy(trigger);
    return rolling;
  }
}
