import type { Rule, Severity } from './rule';
import type { DocumentModel } from '../core/document';
import { carriedMembers, memberDoc, memberRange, severityFor, type MemberSite } from './struct-members';
import { recordTitle } from './abi-layouts';

/** A rule about what a member is for, read from its name and its documentation. */
export interface MemberNameRuleSpec {
  id: string;
  defaultSeverity: Severity;
  description: string;
  /** The finding's message, or undefined when the member is fine. */
  check: (site: MemberSite, doc: string, model: DocumentModel) => string | undefined;
}

export function memberNameRule(spec: MemberNameRuleSpec): Rule {
  return {
    id: spec.id,
    defaultSeverity: spec.defaultSeverity,
    description: spec.description,
    criteria: 'ioctl-design-rules',
    usesLayouts: true,
    check(model, report, options) {
      for (const site of carriedMembers(model)) {
        if (!site.field.name) continue;
        const message = spec.check(site, memberDoc(model, site.record, site.field), model);
        if (!message) continue;
        report({
          range: memberRange(model, site.field),
          message: `${recordTitle(site.record)}, member ${site.field.name}: ${message}`,
          ioctls: site.ioctls,
          severity: severityFor(site.ioctls, model, options),
          pages: ['ioctl-design-rules'],
        });
      }
    },
  };
}
