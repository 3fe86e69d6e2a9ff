package dev.cd4ml.parts;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A part owned by another copy of this module in the same JVM, called by reflection.
 *
 * <p>Quarkus loads each test application (and its test resources) in a class loader of its own,
 * so {@link RealParts} can exist several times in one test JVM. The copy held by the system class
 * loader owns the running parts; the other copies wrap its objects in this. Only JDK types
 * (strings, numbers, durations, collections, functional interfaces) cross the boundary.
 */
final class Foreign {

    private final Object target;

    Foreign(Object target) {
        this.target = target;
    }

    /** Calls a public method with this name and arity; unchecked exceptions pass through as they are. */
    Object call(String method, Object... args) {
        try {
            return invoke(method, args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(method + " failed on " + target, e);
        }
    }

    /** Like {@link #call} but lets checked exceptions through, for {@link Part#start()}. */
    Object invoke(String method, Object... args) throws Exception {
        Method found = null;
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                found = m;
                break;
            }
        }
        if (found == null) {
            throw new IllegalStateException("no method " + method + "/" + args.length + " on " + target.getClass());
        }
        try {
            return found.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        }
    }

    static Object getter(Object target, String accessor) {
        return new Foreign(target).call(accessor);
    }
}
