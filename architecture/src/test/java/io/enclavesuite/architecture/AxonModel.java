package io.enclavesuite.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.spring.stereotype.Saga;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Which classes are Axon aggregates, their entities, and sagas — with the classes nested inside them. */
final class AxonModel {

    /**
     * Aggregate roots — annotated with {@code @AggregateRoot}, or with Spring's {@code @Aggregate} (which carries
     * it) — the entities their {@code @AggregateMember} fields hold (a field's type or its type arguments, so a
     * {@code List<Member>} counts), the classes an aggregate or entity extends (the state it inherits is its own),
     * and every class nested in one of those (their records, enums, anonymous classes; lambdas compile into the
     * class itself).
     */
    static final DescribedPredicate<JavaClass> AGGREGATES = DescribedPredicate.describe(
            "aggregates (@Aggregate, @AggregateRoot), their @AggregateMember entities, what they extend and their nested classes",
            javaClass -> selfOrEnclosing(javaClass, c -> isAggregateOrEntity(c, new HashSet<>())));

    /** Sagas ({@code @Saga}) and every class nested in one. */
    static final DescribedPredicate<JavaClass> SAGAS = DescribedPredicate.describe(
            "sagas (@Saga) and their nested classes",
            javaClass -> selfOrEnclosing(javaClass, c -> c.isMetaAnnotatedWith(Saga.class)));

    private static boolean selfOrEnclosing(JavaClass javaClass, java.util.function.Predicate<JavaClass> test) {
        for (Optional<JavaClass> c = Optional.of(javaClass); c.isPresent(); c = c.get().getEnclosingClass()) {
            if (test.test(c.get())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAggregateOrEntity(JavaClass javaClass, Set<JavaClass> seen) {
        if (!seen.add(javaClass)) {
            return false;
        }
        if (javaClass.isMetaAnnotatedWith(AggregateRoot.class)) {
            return true;
        }
        for (JavaClass subclass : javaClass.getSubclasses()) {
            if (isAggregateOrEntity(subclass, seen)) {
                return true;
            }
        }
        // An entity: some aggregate (or entity) holds it in an @AggregateMember field.
        for (Dependency dependency : javaClass.getDirectDependenciesToSelf()) {
            JavaClass holder = dependency.getOriginClass();
            if (holder.equals(javaClass)) {
                continue;
            }
            for (JavaField field : holder.getFields()) {
                if (field.isAnnotatedWith(AggregateMember.class)
                        && field.getType().getAllInvolvedRawTypes().contains(javaClass)
                        && selfOrEnclosing(holder, c -> isAggregateOrEntity(c, seen))) {
                    return true;
                }
            }
        }
        return false;
    }

    private AxonModel() {
    }
}
