package org.concoord.processor;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.concoord.codegen.GeneratedProxy;
import org.concoord.codegen.ProxyGenerator;
import org.concoord.codegen.model.ElementObjects;
import org.concoord.codegen.model.ObjectModel;
import org.concoord.codegen.model.RefusalException;

/**
 * The {@code @Replicated} annotation processor: for each annotated class it writes the client proxy
 * {@code <Class>Proxy} with {@link ProxyGenerator}, the generator of {@code concoord object}, from
 * an {@link ObjectModel} of the source elements ({@link ElementObjects}); a class that cannot be
 * proxied is a compiler error on the class (or the method at fault), with the generator's message.
 * After javac has written the class files it runs {@code ObjectCheck}, the one check of {@code
 * concoord object -s} and of the replicas, on them ({@link SafetyListener}) and reports each
 * finding at its line.
 *
 * <p>Isolating for Gradle: each proxy is generated from its one annotated class (and what that
 * class's own signatures reach), and names that class as its originating element. A class whose
 * signatures name a type generated in the same round is retried in the next round.
 */
@SupportedAnnotationTypes(ReplicatedProcessor.ANNOTATION)
public final class ReplicatedProcessor extends AbstractProcessor {
  static final String ANNOTATION = "org.concoord.client.Replicated";

  private SafetyListener safety;
  private final List<String> deferred = new ArrayList<>();

  public ReplicatedProcessor() {}

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public synchronized void init(ProcessingEnvironment processingEnv) {
    super.init(processingEnv);
    safety = SafetyListener.install(processingEnv);
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    List<TypeElement> classes = new ArrayList<>();
    for (String name : deferred) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type != null) {
        classes.add(type);
      }
    }
    deferred.clear();
    for (Element element :
        round.getElementsAnnotatedWithAny(annotations.toArray(new TypeElement[0]))) {
      if (element instanceof TypeElement type) {
        classes.add(type);
      } else {
        messager().printMessage(Diagnostic.Kind.ERROR, "@Replicated goes on a class", element);
      }
    }
    for (TypeElement type : classes) {
      generate(type, round.processingOver());
    }
    return false;
  }

  private void generate(TypeElement type, boolean lastRound) {
    ObjectModel model;
    GeneratedProxy proxy;
    try {
      model =
          ElementObjects.of(processingEnv.getElementUtils(), processingEnv.getTypeUtils(), type);
      proxy = ProxyGenerator.generate(model);
    } catch (ElementObjects.MissingTypeException e) {
      if (lastRound) {
        messager().printMessage(Diagnostic.Kind.ERROR, e.getMessage(), type);
      } else {
        deferred.add(type.getQualifiedName().toString()); // perhaps generated this round
      }
      return;
    } catch (RefusalException e) {
      messager()
          .printMessage(
              Diagnostic.Kind.ERROR, "cannot proxy: " + e.getMessage(), where(type, e.origin()));
      return;
    } catch (IllegalArgumentException e) {
      messager().printMessage(Diagnostic.Kind.ERROR, "cannot proxy: " + e.getMessage(), type);
      return;
    }
    try {
      JavaFileObject file = processingEnv.getFiler().createSourceFile(proxy.className(), type);
      try (Writer writer = file.openWriter()) {
        writer.write(proxy.source());
      }
    } catch (IOException e) {
      messager()
          .printMessage(
              Diagnostic.Kind.ERROR,
              "cannot write " + proxy.className() + ": " + e.getMessage(),
              type);
      return;
    }
    String mode = safetyMode(type);
    if (safety == null) {
      messager()
          .printMessage(
              Diagnostic.Kind.WARNING,
              "ConCoord's checks of the compiled class"
                  + " need javac (com.sun.source); run `concoord object -s` on this class instead",
              type);
    } else {
      safety.watch(
          type,
          switch (mode) {
            case "OFF" -> null;
            case "WARNING" -> Diagnostic.Kind.WARNING;
            default -> Diagnostic.Kind.ERROR;
          });
    }
  }

  /** The method at fault if the class declares it (so it has a line here), else the class. */
  private static Element where(TypeElement type, Object origin) {
    return origin instanceof Element method && type.equals(method.getEnclosingElement())
        ? method
        : type;
  }

  /** The annotation's {@code safety} value: ERROR unless the class says otherwise. */
  private String safetyMode(TypeElement type) {
    for (AnnotationMirror mirror : type.getAnnotationMirrors()) {
      TypeElement annotation = (TypeElement) mirror.getAnnotationType().asElement();
      if (!annotation.getQualifiedName().contentEquals(ANNOTATION)) {
        continue;
      }
      Map<? extends ExecutableElement, ? extends AnnotationValue> values =
          mirror.getElementValues();
      for (ExecutableElement key : ElementFilter.methodsIn(annotation.getEnclosedElements())) {
        if (key.getSimpleName().contentEquals("safety") && values.containsKey(key)) {
          return values.get(key).getValue().toString();
        }
      }
    }
    return "ERROR";
  }

  private Messager messager() {
    return processingEnv.getMessager();
  }
}
