"""Forms for rosters and composition rules; they shape input, services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hyeopchi.core.accounts import account_named
from hyeopchi.core.models import AttributeKind
from hyeopchi.organizations import composition
from hyeopchi.organizations.enums import OrganizationKind, PostRole, RuleBasis, RuleKind, Severity
from hyeopchi.organizations.models import Organization, Person, Post
from hyeopchi.web.common.forms import DateInput, PlannedDateField


class RosterDateForm(forms.Form):
    on = PlannedDateField(label=_("Roster on"), required=False, widget=DateInput())


class AppointMemberForm(forms.Form):
    post = forms.ModelChoiceField(label=_("Seat"), queryset=Post.objects.none())
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.order_by("name"),
        required=False,
        help_text=_("Choose a registered person, or enter a new name below."),
    )
    new_person_name = forms.CharField(label=_("New person's name"), max_length=100, required=False)
    on_behalf_of = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organization.objects.order_by("path"),
        required=False,
        help_text=_("The organization this member represents, if any."),
    )
    start_date = PlannedDateField(label=_("From"), widget=DateInput())
    end_date = PlannedDateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args: Any, body: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        post_field = self.fields["post"]
        assert isinstance(post_field, forms.ModelChoiceField)
        post_field.queryset = body.posts.filter(ex_officio_post__isnull=True).order_by("sort_order", "pk")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_person = data.get("person") is not None
        has_name = bool((data.get("new_person_name") or "").strip())
        if has_person == has_name:
            self.add_error("person", _("Choose a registered person or enter a new name, not both."))
        return data


class EndMembershipForm(forms.Form):
    end_date = PlannedDateField(label=_("Last day held"), widget=DateInput())


class CompositionRuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Rule"), choices=RuleKind.choices)
    side = forms.CharField(
        label=_("Side"), max_length=40, required=False, help_text=_("For per-side and one-per-organization rules.")
    )
    min = forms.IntegerField(label=_("Minimum"), required=False)
    max = forms.IntegerField(label=_("Maximum"), required=False)
    voting_only = forms.BooleanField(label=_("Count voting seats only"), required=False)
    first_side = forms.CharField(label=_("First side (parity)"), max_length=40, required=False)
    second_side = forms.CharField(label=_("Second side (parity)"), max_length=40, required=False)
    post = forms.ModelChoiceField(label=_("Seat that must be filled"), required=False, queryset=Post.objects.none())
    parent_body = forms.ModelChoiceField(
        label=_("Parent body"), required=False, queryset=Organization.objects.order_by("path")
    )
    basis = forms.ChoiceField(label=_("Basis"), choices=RuleBasis.choices, initial=RuleBasis.BYLAW)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial=Severity.ERROR)
    citation = forms.CharField(label=_("Citation"), max_length=300, required=False)

    def __init__(self, *args: Any, body: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        post_field = self.fields["post"]
        assert isinstance(post_field, forms.ModelChoiceField)
        post_field.queryset = body.posts.order_by("sort_order", "pk")

    def params(self) -> dict[str, Any]:
        data = self.cleaned_data
        kind = data["kind"]
        if kind == composition.TOTAL_BETWEEN:
            return {"min": data.get("min"), "max": data.get("max"), "voting_only": bool(data.get("voting_only"))}
        if kind == composition.SIDE_BETWEEN:
            return {"side": (data.get("side") or "").strip(), "min": data.get("min"), "max": data.get("max")}
        if kind == composition.PARITY:
            return {"sides": [(data.get("first_side") or "").strip(), (data.get("second_side") or "").strip()]}
        if kind == composition.ONE_PER_ORGANIZATION:
            return {"side": (data.get("side") or "").strip()}
        if kind == composition.REQUIRES_POST_FILLED:
            post = data.get("post")
            return {"post": post.pk if post else None}
        parent = data.get("parent_body")
        return {"parent_body": parent.pk if parent else None}


class OrganizationForm(forms.Form):
    """An organization's own facts (its place in the tree is where it is added)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganizationKind.choices)
    admin_code = forms.CharField(
        label=_("Administrative code"),
        max_length=20,
        required=False,
        help_text=_("The 5-digit si/gun/gu code of a local government."),
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    valid_from = PlannedDateField(label=_("Established on"), required=False, widget=DateInput())
    valid_to = PlannedDateField(label=_("Dissolved on"), required=False, widget=DateInput())
    sort_order = forms.IntegerField(label=_("Order among its siblings"), min_value=0, initial=0, required=False)

    def changes(self) -> dict[str, Any]:
        """The cleaned values as ``update_organization`` takes them (the kind stays)."""
        data = {name: value for name, value in self.cleaned_data.items() if name != "kind"}
        data["sort_order"] = data.get("sort_order") or 0
        return data


class PostForm(forms.Form):
    name = forms.CharField(
        label=_("Seat label"), max_length=200, help_text=_("e.g. chair, worker member, district head")
    )
    name_en = forms.CharField(label=_("English label"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=PostRole.choices, initial=PostRole.MEMBER)
    side = forms.CharField(
        label=_("Side"),
        max_length=40,
        required=False,
        help_text=_("Which side the seat belongs to, e.g. employer, worker, district."),
    )
    min_holders = forms.IntegerField(label=_("At least"), min_value=0, max_value=500, initial=0)
    max_holders = forms.IntegerField(label=_("At most"), min_value=1, max_value=500, initial=1)
    is_voting = forms.BooleanField(label=_("Votes"), required=False, initial=True)
    ex_officio_post = forms.ModelChoiceField(
        label=_("Held ex officio by"),
        queryset=Post.objects.none(),
        required=False,
        help_text=_("Whoever holds this other seat holds this one too (e.g. the vice-mayor chairs)."),
    )

    def __init__(self, *args: Any, site: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["ex_officio_post"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Post.objects.filter(organization__site=site, role__in=[PostRole.HEAD, PostRole.DEPUTY_HEAD, PostRole.CHAIR])
            .select_related("organization")
            .order_by("organization__path", "sort_order")
        )
        field.label_from_instance = lambda post: f"{post.organization.display_name} · {post.display_name}"  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_holders"), data.get("max_holders")
        if low is not None and high is not None and low > high:
            self.add_error("min_holders", _("The minimum cannot be above the maximum."))
        return data


class AttributeForm(forms.Form):
    """One verified attribute of an account, as an administrator checked it."""

    account = forms.CharField(label=_("Account"), max_length=150, help_text=_("User name or e-mail address."))
    kind = forms.ChoiceField(label=_("Attribute"), choices=AttributeKind.choices)
    value = forms.CharField(
        label=_("Value"),
        max_length=40,
        help_text=_("The area's 5-digit si/gun/gu code (see the list below), or a date of birth as YYYY-MM-DD."),
    )
    valid_until = PlannedDateField(label=_("Valid until"), required=False, widget=DateInput())

    def clean_account(self) -> Any:
        user = account_named(self.cleaned_data["account"])
        if user is None:
            raise forms.ValidationError(
                _("No account is called “%(value)s”.") % {"value": self.cleaned_data["account"]}
            )
        return user
