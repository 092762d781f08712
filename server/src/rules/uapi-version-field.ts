import { memberNameRule } from './member-name-rule';

/** Version numbers in the uAPI: new behaviour is found by capability, and new fields by size or flags. */
export const uapiVersionField = memberNameRule({
  id: 'uapi-version-field',
  defaultSeverity: 'warning',
  description: 'A version member in an ioctl struct.',
  check: ({ field }) =>
    /^_*(api_|abi_|uapi_|interface_|struct_|ioctl_)?(version|ver)$/i.test(field.name!)
      ? 'uAPI is extended by adding ioctls, flags and members (checked by size or zeroed padding) and queried by ' +
        'capability, not by a version number each side must interpret.'
      : undefined,
});
